import { cpus } from 'node:os';
import { runDomainBench } from './domain';

// One process, one thread: every figure is for one core.
console.log(`returns-dock bench — node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'}`);
console.log('\nDomain (one core)');
for (const line of runDomainBench()) console.log(`  ${line}`);
