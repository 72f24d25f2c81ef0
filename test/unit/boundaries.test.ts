import { ESLint } from 'eslint';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const probes: string[] = [];

/** Lint a throw-away file placed in a real folder, so the folder's rules apply to it. */
async function findingsFor(relativePath: string, code: string): Promise<{ rule: string; line: number }[]> {
  const file = join(root, relativePath);
  probes.push(file);
  writeFileSync(file, code);
  const [result] = await new ESLint({ cwd: root }).lintFiles([file]);
  return (result?.messages ?? []).map((m) => ({ rule: m.ruleId ?? m.message, line: m.line }));
}

/** The lines a rule flagged, each once. */
function linesFlagged(findings: { rule: string; line: number }[], rule: string): number[] {
  return [...new Set(findings.filter((f) => f.rule === rule).map((f) => f.line))].sort();
}

afterAll(() => probes.forEach((f) => rmSync(f, { force: true })));

describe('DESIGN.md import boundaries, enforced by lint', () => {
  it('shared/ imports no Node, DOM, React, Dexie, Electron, nor other folders, and reads no clock', async () => {
    const found = await findingsFor(
      'shared/__probe_boundary.ts',
      [
        "import { readFileSync } from 'node:fs';",
        "import { app } from 'electron';",
        "import { useState } from 'react';",
        "import { platform } from '../renderer/platform';",
        'export const all = [readFileSync, app, useState, platform, Date.now(), new Date(), document.title];',
      ].join('\n'),
    );
    expect(linesFlagged(found, 'no-restricted-imports')).toEqual([1, 2, 3, 4]);
    expect(linesFlagged(found, 'no-restricted-properties')).toEqual([5]);
    expect(linesFlagged(found, 'no-restricted-syntax')).toEqual([5]);
    expect(linesFlagged(found, 'no-restricted-globals')).toEqual([5]);
  }, 60_000);

  it('renderer/ imports neither Electron nor Node', async () => {
    const found = await findingsFor(
      'renderer/__probe_boundary.ts',
      "import { ipcRenderer } from 'electron';\nimport { join } from 'node:path';\nexport const all = [ipcRenderer, join];\n",
    );
    expect(linesFlagged(found, 'no-restricted-imports')).toEqual([1, 2]);
  }, 60_000);

  it('electron/ does not reach into the renderer', async () => {
    const found = await findingsFor(
      'electron/__probe_boundary.ts',
      "import { platform } from '../renderer/platform';\nexport const all = [platform];\n",
    );
    expect(linesFlagged(found, 'no-restricted-imports')).toEqual([1]);
  }, 60_000);

  it('the shared/ code as it stands passes', async () => {
    const results = await new ESLint({ cwd: root }).lintFiles(['shared/**/*.ts']);
    const real = results.filter((r) => !r.filePath.includes('__probe'));
    expect(real.flatMap((r) => r.messages.map((m) => `${r.filePath}: ${m.message}`))).toEqual([]);
  }, 60_000);
});
