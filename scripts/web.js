#!/usr/bin/env node
// `npm run web`: browser mode — build the renderer and serve it on localhost for any Chromium.
// The port is fixed (IndexedDB belongs to the origin: a new port would show an empty station).
import { spawnSync } from 'node:child_process';
import { hostname, networkInterfaces } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { tsImport } from 'tsx/esm/api';
import { preview } from 'vite';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
let args;
try {
  args = parseArgs({
    options: {
      port: { type: 'string', default: process.env.PORT ?? '4173' },
      host: { type: 'string', default: '127.0.0.1' },
      'no-build': { type: 'boolean', default: false },
    },
  }).values;
} catch (e) {
  console.error(`npm run web: ${e.message}`);
  process.exit(2);
}
const port = Number(args.port);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`npm run web: --port must be a number from 1 to 65535, not ${JSON.stringify(args.port)}`);
  process.exit(2);
}

if (!args['no-build']) {
  const build = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

try {
  const server = await preview({
    configFile: false,
    root: join(root, 'renderer'),
    logLevel: 'warn',
    build: { outDir: join(root, 'out', 'renderer') },
    // Stations on the network open it by the serving computer's name (http://dock-server:4173), which
    // Vite refuses by default against DNS rebinding. That guards a dev server's sources; this serves
    // only the built app, and a station's data is the browser's, per origin, never the server's.
    preview: { port, host: args.host, strictPort: true, open: false, allowedHosts: true },
  });
  const url = `http://${args.host.includes(':') ? `[${args.host}]` : args.host}:${port}/`;
  console.log(`returns-dock (browser mode) at ${url}`);
  // The same words as the sync server's: what to open on the other computers, or that none can.
  const { addressesForStations } = await tsImport('../cli/stationAddresses.ts', import.meta.url);
  console.log(addressesForStations(new URL(url), { hostname: hostname(), interfaces: networkInterfaces() }));
  const stop = () => server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (e) {
  console.error(`npm run web: could not serve on ${args.host}:${port} — ${e.message}`);
  process.exit(1);
}
