import { createServer, type Socket } from 'node:net';

/**
 * A real socket on loopback that reads every request and never answers: a server stuck, or a
 * connection dead under a request. `taken` resolves once a request has reached it, waited for
 * without timers (a test's fake timers, which vi.waitFor would move on).
 */
export async function blackHole(): Promise<{ url: string; taken: () => Promise<void>; close: () => void }> {
  const held: Socket[] = [];
  const server = createServer((socket) => void held.push(socket.on('data', () => undefined)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    taken: async () => {
      while (held.length === 0) await new Promise((resolve) => setImmediate(resolve));
    },
    close: () => {
      for (const socket of held) socket.destroy();
      server.close();
    },
  };
}
