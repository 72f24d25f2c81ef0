import { performance } from 'node:perf_hooks';
import { median } from './stats';

export interface Rate {
  name: string;
  perSecond: number;
}

/**
 * Operations per second of `op` over `items`, the median of `runs` timed passes after one
 * warm-up pass. Each pass folds results into a sink so the work cannot be optimised away.
 */
export function rate<T>(name: string, items: readonly T[], op: (item: T) => unknown, runs = 7): Rate {
  let sink = 0;
  const pass = () => {
    const start = performance.now();
    for (const item of items) sink += op(item) ? 1 : 0;
    return performance.now() - start;
  };
  pass();
  const typical = median(Array.from({ length: runs }, pass));
  if (sink < 0) console.log(sink);
  return { name, perSecond: (items.length / typical) * 1000 };
}

export function formatRate(r: Rate): string {
  return `${Math.round(r.perSecond).toLocaleString('en-US')}/s`;
}

/** A line of the report: the figure, its baseline, and how far from it. */
export function compare(measured: Rate, baseline: Rate): string {
  const ratio = baseline.perSecond / measured.perSecond;
  return `${measured.name.padEnd(44)} ${formatRate(measured).padStart(14)}   baseline ${baseline.name}: ${formatRate(baseline)} (${ratio.toFixed(1)}× its time)`;
}

export { seededRandom } from '../cli/demoData';
