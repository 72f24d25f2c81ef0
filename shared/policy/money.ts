/** Money lives in integer cents inside the domain; dollars only at the edges. */
export type Cents = number;

export function toCents(dollars: number): Cents {
  return Math.round(dollars * 100);
}

export function toDollars(cents: Cents): number {
  return cents / 100;
}

/** `rate` percent of `cents`, rounded half-up to the cent (POLICY.md: 10% of gross). */
export function percentOf(cents: Cents, ratePercent: number): Cents {
  return Math.floor((cents * ratePercent + 50) / 100);
}
