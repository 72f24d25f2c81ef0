/**
 * Run by fullDisk.test.ts inside a mount namespace of its own, on a small tmpfs: the desktop
 * app's journal of unacknowledged facts (electron/journal.ts) when its disk fills, appending and
 * cutting, and the station's identity kept beside it (electron/stationMemory.ts). Prints what each
 * call said and what the journal and the identity then hold.
 */
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { EventJournal } from '../../../electron/journal';
import { StationMemory } from '../../../electron/stationMemory';
import { fillTheDisk } from './filler';
import { dockEvent } from '../server/stores';

const [disk] = process.argv.slice(2) as [string];
const folder = join(disk, 'journal');
const journal = new EventJournal(join(folder, 'events.jsonl'));
const stationId = uuidv7();
const facts = Array.from({ length: 12 }, (_, i) => dockEvent(stationId, i + 1, null, 'package_refused'));
const said = (p: Promise<unknown>) => p.then((n) => `done: ${String(n)}`, (e: NodeJS.ErrnoException) => `${e.code ?? e.name}: ${e.message}`);
const held = async () => (await journal.read()).map((e) => e.stationSeq);
const filler = join(disk, 'another program.bin');

const memory = new StationMemory(join(folder, 'station.json'));
const named = (name: string) => ({ station: { id: stationId, name }, link: null });
await memory.remember(named('Door 1'));
await journal.append(facts.slice(0, 3));
// Full to the last byte: what is left of the journal's last page takes part of the next facts.
fillTheDisk(filler);
const appendWhenFull = await said(journal.append(facts.slice(3)));
const heldWhenFull = await held();
rmSync(filler);
// What the station's journal keeper does next: every fact not yet in the journal, again.
const appendAgain = await said(journal.append(facts.slice(3)));
const heldAfterAppend = await held();

// Room for less than the cut keeps: 4 KB, where eleven facts take more.
const slack = join(disk, 'slack.bin');
writeFileSync(slack, Buffer.alloc(4096));
fillTheDisk(filler);
rmSync(slack);
const cutWhenShort = await said(journal.acknowledge(1));
const heldAfterCut = await held();
// Full to the last byte again: the station renamed meanwhile.
fillTheDisk(`${filler}.2`);
const renameWhenFull = await said(memory.remember(named('Door 2')));
const recalledWhenFull = (await memory.recall())?.station.name;
const files = readdirSync(folder).sort();
rmSync(filler);
rmSync(`${filler}.2`);
process.stdout.write(JSON.stringify({ appendWhenFull, heldWhenFull, appendAgain, heldAfterAppend, cutWhenShort, heldAfterCut, renameWhenFull, recalledWhenFull, files }));
