import { classifyLabel } from './classify';
import type { Label } from './schema';

/**
 * What the codes read off one return label hold for the dock: its RMA number(s), each once however
 * many symbols carry it, and the first valid tracking number. Texts are kept as read (AIM
 * identifier and all), since they go on down the wedge-scan path.
 */
export function readReturnLabel(texts: readonly string[]): { rmas: string[]; tracking: string | null } {
  const rmas = new Map<string, string>();
  let tracking: string | null = null;
  for (const text of texts) {
    const label = classifyLabel(text, { expect: 'tracking' });
    if (label.kind === 'rma' && label.valid && !rmas.has(label.value)) rmas.set(label.value, text);
    else if (label.kind === 'tracking' && label.valid) tracking ??= text;
  }
  return { rmas: [...rmas.values()], tracking };
}

/** A GTIN's one form whatever its length: UPC-A, EAN-13 and GTIN-14 of one product differ only by leading zeros. */
export function asGtin14(code: string): string | null {
  return /^\d{8,14}$/.test(code) ? code.padStart(14, '0') : null;
}

/** Every way a GTIN may be written (8 to 14 digits, the same but for leading zeros): for looking one up by any of them. */
export function gtinForms(code: string): string[] {
  const gtin = asGtin14(code);
  if (!gtin) return [];
  const forms: string[] = [];
  for (let length = 14; length >= 8 && /^0*$/.test(gtin.slice(0, 14 - length)); length--) forms.push(gtin.slice(14 - length));
  return forms;
}

/** What one look at an item (a camera frame, a photo) gave the bench: its SKU, its serial, anything else. */
export interface ItemReading {
  sku: string | null;
  serial: string | null;
  /** Codes that are neither: a shipping label, an RMA number, a misread. */
  other: Label[];
}

/**
 * The SKU and serial among the codes read from an item's label, read as an inspector expects them
 * (a SKU before a bare tracking form, DESIGN.md *Scanning*). `knownSkus` are the codes the catalog
 * and the RMA name, so a house SKU that is no UPC still reads as a SKU, and a UPC-A the decoder
 * gives as 13 digits is written as the catalog writes it. The first of each wins.
 */
export function readItemLabel(texts: readonly string[], knownSkus: ReadonlySet<string>): ItemReading {
  const byGtin = new Map([...knownSkus].flatMap((sku) => (asGtin14(sku) ? [[asGtin14(sku)!, sku] as const] : [])));
  const asKnown = (code: string) => (knownSkus.has(code) ? code : (byGtin.get(asGtin14(code) ?? '') ?? code));
  const reading: ItemReading = { sku: null, serial: null, other: [] };
  for (const text of texts) {
    const label = classifyLabel(text, { expect: 'item', isCatalogSku: (code) => knownSkus.has(asKnown(code)) });
    if (label.kind === 'sku' && label.valid) reading.sku ??= asKnown(label.value);
    else if (label.kind === 'serial') reading.serial ??= label.value;
    else reading.other.push(label);
  }
  return reading;
}
