import type { NetworkInterfaceInfo } from 'node:os';

/** This computer as `os.hostname()` and `os.networkInterfaces()` give it. */
export interface ThisComputer {
  hostname: string;
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);
const EVERY_ADDRESS = new Set(['0.0.0.0', '::']);

/**
 * What to type as the server's address on a station, said when the server starts. The default
 * host answers this computer only: a server started as the README's first line shows is out of
 * every dock station's reach, and they would only say that nothing answers.
 */
export function addressesForStations(listening: URL, computer: ThisComputer): string {
  const { protocol, hostname: host, port } = listening;
  const bare = host.replace(/^\[|\]$/g, '');
  if (LOOPBACK.has(bare)) return `only this computer reaches it: to serve stations on the network, start it with --host 0.0.0.0`;
  if (!EVERY_ADDRESS.has(bare)) return `stations reach it at ${listening.origin}`;
  const addresses = Object.values(computer.interfaces)
    .flatMap((infos) => infos ?? [])
    .filter((info) => info.family === 'IPv4' && !info.internal)
    .map((info) => `${protocol}//${info.address}:${port}`);
  const byName = `${protocol}//${computer.hostname}:${port}`;
  return addresses.length
    ? `stations reach it at ${addresses.join(' or ')}, or by this computer's name where the network knows it (${byName})`
    : `this computer has no network address now: stations reach it by its name where the network knows it (${byName})`;
}
