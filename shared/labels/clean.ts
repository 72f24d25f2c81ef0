/** What a scanner adds around the data: AIM identifiers, GS1 separators, suffix keys. */
export interface CleanedScan {
  /** The data without separators; inner spaces and dashes kept for the forms that care. */
  text: string;
  /** The same data split at each group separator (one part when there was none). */
  groups: string[];
  hasControlCharacter: boolean;
}

/* eslint-disable no-control-regex -- scanner control characters are exactly what these look for */
const GS = /[\u001d\u241d]/;
const LEADING_NOISE = /^[\s\u001d\u241d]+/;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/* eslint-enable no-control-regex */
const AIM_IDENTIFIER = /^\][A-Za-z][\s\S]/;

export function cleanScan(raw: string): CleanedScan {
  // A separator or suffix key can stand before the identifier too (a GS1 FNC1 sent first).
  let s = raw.replace(LEADING_NOISE, '');
  if (AIM_IDENTIFIER.test(s)) s = s.slice(3);
  const groups = s
    .split(GS)
    .map((g) => g.trim())
    .filter((g) => g.length > 0);
  const text = groups.join('');
  return { text, groups, hasControlCharacter: CONTROL.test(text) };
}

/** RMA and tracking numbers ignore inner spaces and dashes, and case. */
export function compact(text: string): string {
  return text.replace(/[\s-]+/g, '').toUpperCase();
}
