#!/usr/bin/env node
// `npm start`: build, then launch the desktop app. Without an Electron binary (it is fetched on
// first use, which needs the network) say so in one line and point to browser mode.
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const electronDir = join(root, 'node_modules', 'electron');

function electronBinary() {
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

function fetchElectron() {
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) return false;
  const result = spawnSync(process.execPath, [join(electronDir, 'install.js')], { stdio: 'ignore' });
  return result.status === 0;
}

const binary = electronBinary() ?? (fetchElectron() ? electronBinary() : null);
if (!binary) {
  console.error(
    'returns-dock: the Electron binary is not installed and could not be fetched — run the app in a browser instead: npm run web',
  );
  process.exit(1);
}

const build = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
  cwd: root,
  stdio: 'inherit',
});
if (build.status !== 0) process.exit(build.status ?? 1);

const child = spawn(binary, [root], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
