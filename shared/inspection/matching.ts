/**
 * Matching the units an inspector logs against what the RMA authorised — a blind count: the
 * inspector scans what is in the box, and this says how each unit stands (clause 11: only the
 * specific items listed on the RMA are accepted).
 */
export interface AuthorisedLine {
  sku: string;
  quantity: number;
  /** The serials the RMA lists for this line, upper-cased; none when the RMA lists none. */
  serials: readonly string[];
}

export interface LoggedUnit {
  unitId: string;
  sku: string;
  serial: string | null;
}

export type UnitMatch =
  | { unitId: string; status: 'matched'; line: number }
  /** The SKU is on the RMA, but this serial is not one it lists (or the unit has none). */
  | { unitId: string; status: 'serial_mismatch'; line: number }
  /** More units of this SKU than the RMA authorised. */
  | { unitId: string; status: 'over_quantity' }
  /** Nothing on the RMA is this SKU: it goes back at the customer's cost (rule 1). */
  | { unitId: string; status: 'not_on_rma' }
  /** The same serial logged before in this RMA. */
  | { unitId: string; status: 'duplicate_serial'; sameAs: string };

export interface LineCount {
  line: number;
  sku: string;
  authorised: number;
  received: number;
  /** Authorised units not (yet) received. */
  missing: number;
}

export interface MatchResult {
  units: UnitMatch[];
  lines: LineCount[];
}

const norm = (s: string) => s.trim().toUpperCase();

/**
 * Units whose serial is listed take their own line first, whatever order they were logged in;
 * the rest fill what is left of a line with their SKU; what is left over is over quantity.
 */
export function matchUnits(lines: readonly AuthorisedLine[], units: readonly LoggedUnit[]): MatchResult {
  const remaining = lines.map((l) => l.quantity);
  const unlistedSerials = lines.map((l) => new Set(l.serials.map(norm)));
  const standing = new Map<string, UnitMatch>();
  const seenSerial = new Map<string, string>();

  for (const u of units) {
    if (!u.serial) continue;
    const serial = norm(u.serial);
    const first = seenSerial.get(serial);
    if (first) standing.set(u.unitId, { unitId: u.unitId, status: 'duplicate_serial', sameAs: first });
    else seenSerial.set(serial, u.unitId);
  }

  // Pass 1: a listed serial claims its line.
  for (const u of units) {
    if (standing.has(u.unitId) || !u.serial) continue;
    const serial = norm(u.serial);
    const line = lines.findIndex((l, i) => norm(l.sku) === norm(u.sku) && remaining[i]! > 0 && unlistedSerials[i]!.has(serial));
    if (line >= 0) {
      remaining[line]! -= 1;
      unlistedSerials[line]!.delete(serial);
      standing.set(u.unitId, { unitId: u.unitId, status: 'matched', line });
    }
  }

  // Pass 2: every other unit of a known SKU fills what is left; pass 3: the rest.
  for (const u of units) {
    if (standing.has(u.unitId)) continue;
    const sameSku = lines.flatMap((l, i) => (norm(l.sku) === norm(u.sku) ? [i] : []));
    if (sameSku.length === 0) {
      standing.set(u.unitId, { unitId: u.unitId, status: 'not_on_rma' });
      continue;
    }
    const line = sameSku.find((i) => remaining[i]! > 0);
    if (line === undefined) {
      standing.set(u.unitId, { unitId: u.unitId, status: 'over_quantity' });
      continue;
    }
    remaining[line]! -= 1;
    const listsSerials = lines[line]!.serials.length > 0;
    standing.set(u.unitId, { unitId: u.unitId, status: listsSerials ? 'serial_mismatch' : 'matched', line });
  }

  return {
    units: units.map((u) => standing.get(u.unitId)!),
    lines: lines.map((l, i) => ({ line: i, sku: l.sku, authorised: l.quantity, received: l.quantity - remaining[i]!, missing: remaining[i]! })),
  };
}
