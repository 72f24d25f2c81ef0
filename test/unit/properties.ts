/** How hard the property tests search. */

/** Cases a property tries: `PROPERTY_RUNS=1000 npx vitest run test/unit` searches harder. */
export function propertyRuns(usual: number): number {
  const asked = process.env.PROPERTY_RUNS;
  if (asked === undefined) return usual;
  if (!/^[1-9]\d*$/.test(asked)) throw new Error(`PROPERTY_RUNS must be a whole number of cases to try, not "${asked}"`);
  return Number(asked);
}

/** Time for that many, at up to 3 s a case (the sync properties open two fresh PostgreSQL schemas each). */
export const timeFor = (runs: number) => ({ timeout: Math.max(120_000, runs * 3_000) });
