import { readFileSync } from 'node:fs';
import { parseRmaExport } from '../../shared/rma';
import type { NewPhoto } from '../../renderer/db/inspection';

/** One person of each role at a station, as the recording functions take them. */
export const recordersAt = (stationId: string) => ({
  dock: { stationId, actor: { name: 'Dana', role: 'dock' as const } },
  inspector: { stationId, actor: { name: 'Ines', role: 'inspector' as const } },
  supervisor: { stationId, actor: { name: 'Sam', role: 'supervisor' as const } },
});

export const now = new Date('2026-11-24T15:00:00Z');
export const ups = { value: '1Z5R89390357567127', carrier: 'ups' as const };
export const { rmas } = parseRmaExport(readFileSync(new URL('../fixtures/rmas.csv', import.meta.url), 'utf8'));
export const photo: NewPhoto = { type: 'image/jpeg', blob: new Blob([new Uint8Array(2048)], { type: 'image/jpeg' }), thumbnail: new Blob([new Uint8Array(200)]) };
export const finding = (result: 'defective' | 'no_fault_found' | 'misuse', misuse: string[] = []) => ({ result, misuse }) as never;
