import { cpus } from 'node:os';
import { runDockBench } from './dockBench';
import { runDomainBench } from './domain';
import { runPushBench } from './syncBench';
import { runSlipBench } from './slipBench';
import { runJournalBench } from './journalBench';

// `npm run bench` runs everything; `npm run bench -- domain` or `-- dock` runs one part.
const only = process.argv[2];
const quick = process.argv.includes('--quick');

console.log(`returns-dock bench — node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores`);
if (!only || only === 'domain') {
  console.log('\nDomain (one core)');
  for (const line of runDomainBench()) console.log(`  ${line}`);
}
if (!only || only === 'slips') {
  console.log('\nPacking slips (one core)');
  for (const line of runSlipBench()) console.log(`  ${line}`);
}
if (!only || only === 'sync') {
  console.log('\nSync server (one process)');
  for (const line of await runPushBench()) console.log(`  ${line}`);
}
if (!only || only === 'journal') {
  console.log('\nThe desktop app\'s journal (main process, one core)');
  for (const line of await runJournalBench()) console.log(`  ${line}`);
}
if (only === 'pull') {
  console.log('\nInitial pull, in Chromium');
  for (const line of await runDockBench({ rmas: quick ? 5_000 : 100_000, events: 0, scans: 0, pullOnly: true })) console.log(`  ${line}`);
}
if (!only || only === 'scan') {
  console.log('\nBarcode decoders, in Chromium (one worker)');
  for (const line of await runDockBench({ rmas: 0, events: 0, scans: 0, scanOnly: true })) console.log(`  ${line}`);
}
if (!only || only === 'dock') {
  console.log('\nDock, in Chromium');
  const lines = await runDockBench(quick ? { rmas: 5_000, events: 20_000, scans: 200 } : { rmas: 100_000, events: 500_000, scans: 1_000 });
  for (const line of lines) console.log(`  ${line}`);
}
