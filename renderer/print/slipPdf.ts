import JsBarcode from 'jsbarcode';
import { jsPDF } from 'jspdf';
import { PAGE_POINTS, type PageSize, type Slip } from '../../shared/slips';

/** The slip's fonts, embedded in every PDF so it prints the same everywhere (TTF, base64). */
export interface SlipFonts {
  regular: string;
  bold: string;
}

const FONT = 'DejaVuSans';

/** Code 128 modules ('1' bar, '0' space) for the RMA number, from the barcode library. */
export function code128Modules(text: string): string {
  const target: { encodings?: { data: string }[] } = {};
  JsBarcode(target, text, { format: 'CODE128' });
  return (target.encodings ?? []).map((e) => e.data).join('');
}

interface Layout {
  w: number;
  h: number;
  m: number;
  /** Text size scale: a 4×6 label is read at arm's length, a sheet on a desk. */
  s: number;
  columns: { key: keyof Slip['lines'][number]; title: string; share: number }[];
}

/** Cells are drawn at the size `fit` chose, then the size is put back. */
function cell(doc: jsPDF, text: string, x: number, y: number, width: number) {
  const size = doc.getFontSize();
  doc.text(fit(doc, text, width), x, y);
  doc.setFontSize(size);
}

function layoutFor(size: PageSize): Layout {
  const { width: w, height: h } = PAGE_POINTS[size];
  if (size === 'label4x6') {
    return {
      w,
      h,
      m: 14,
      s: 0.72,
      columns: [
        { key: 'sku', title: 'SKU', share: 0.26 },
        { key: 'serialReturned', title: 'Returned', share: 0.3 },
        { key: 'serialShipped', title: 'Shipped', share: 0.3 },
        { key: 'condition', title: 'Cond.', share: 0.14 },
      ],
    };
  }
  return {
    w,
    h,
    m: 40,
    s: 1,
    columns: [
      { key: 'sku', title: 'SKU', share: 0.16 },
      { key: 'description', title: 'Description', share: 0.32 },
      { key: 'serialReturned', title: 'Serial returned', share: 0.19 },
      { key: 'serialShipped', title: 'Serial shipped', share: 0.19 },
      { key: 'condition', title: 'Condition', share: 0.14 },
    ],
  };
}

/**
 * Text fitted to a width: first a smaller size (down to 70%: a serial must stay whole), then cut
 * with an ellipsis, so nothing runs into the next column. Leaves the font at the size it chose
 * (`cell` puts it back after drawing).
 */
function fit(doc: jsPDF, text: string, width: number): string {
  const size = doc.getFontSize();
  for (let f = 1; f >= 0.7; f -= 0.05) {
    doc.setFontSize(size * f);
    if (doc.getTextWidth(text) <= width) return text;
  }
  doc.setFontSize(size * 0.7);
  let cut = text;
  while (cut.length > 1 && doc.getTextWidth(`${cut}…`) > width) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/**
 * The packing slip as a PDF (DESIGN.md, *Printing*: the PDF is the one document). Every page
 * repeats the header — site, kind, RMA number as text and Code 128 — so a page that comes loose
 * still says where it belongs; long unit lists flow onto more pages.
 */
export function slipPdf(slip: Slip, size: PageSize, fonts: SlipFonts): jsPDF {
  const L = layoutFor(size);
  const doc = new jsPDF({ unit: 'pt', format: [L.w, L.h], orientation: 'portrait', compress: true });
  doc.addFileToVFS(`${FONT}.ttf`, fonts.regular);
  doc.addFont(`${FONT}.ttf`, FONT, 'normal');
  doc.addFileToVFS(`${FONT}-Bold.ttf`, fonts.bold);
  doc.addFont(`${FONT}-Bold.ttf`, FONT, 'bold');
  doc.setProperties({ title: `${slip.title} ${slip.rmaNumber}`, subject: `Packing slip ${slip.slipId}`, creator: 'returns-dock' });
  const font = (style: 'normal' | 'bold', pt: number) => {
    doc.setFont(FONT, style);
    doc.setFontSize(pt * L.s);
  };
  const right = L.w - L.m;
  const line = (pt: number) => pt * L.s * 1.3;

  const header = (): number => {
    let y = L.m + 12 * L.s;
    font('bold', 12);
    cell(doc, slip.site.name, L.m, y, L.w * 0.5);
    font('normal', 8.5);
    for (const a of slip.site.address) cell(doc, a, L.m, (y += line(8.5)), L.w * 0.5);
    font('bold', 18);
    doc.text(slip.title, right, L.m + 14 * L.s, { align: 'right' });
    if (slip.reprint) {
      font('bold', 12);
      doc.text('REPRINT', right, L.m + 30 * L.s, { align: 'right' });
    }
    y = Math.max(y, L.m + 30 * L.s) + 18 * L.s;

    // The RMA number, scanned back at the bench or the dock: at least 1 pt a module, quiet zones.
    const modules = code128Modules(slip.rmaNumber);
    const unit = Math.max(1, Math.min(1.4, (L.w - 2 * L.m - 20) / (modules.length + 20)));
    const barH = 34 * L.s;
    let x = L.m + 10 * unit;
    doc.setFillColor(0, 0, 0);
    for (let i = 0; i < modules.length; ) {
      let run = 1;
      while (modules[i + run] === modules[i]) run++;
      if (modules[i] === '1') doc.rect(x, y, run * unit, barH, 'F');
      x += run * unit;
      i += run;
    }
    // Beside the bars where it fits, else under them: it is read by people too.
    font('bold', 14);
    if (x + 14 * L.s + doc.getTextWidth(slip.rmaNumber) <= right) {
      doc.text(slip.rmaNumber, x + 14 * L.s, y + barH * 0.6);
      return y + barH + 16 * L.s;
    }
    doc.text(slip.rmaNumber, L.m + 10 * unit, y + barH + line(14));
    return y + barH + line(14) + 22 * L.s;
  };

  const footer = (page: number, pages: number) => {
    font('normal', 7.5);
    cell(doc, `Inspector ${slip.inspector} · station ${slip.station} · slip ${slip.slipId}`, L.m, L.h - L.m / 2, L.w - 2 * L.m - 60);
    doc.text(`Page ${page} of ${pages}`, right, L.h - L.m / 2, { align: 'right' });
  };

  let y = header();
  font('normal', 9);
  doc.text(`Date ${slip.date}`, L.m, y);
  y += line(9) * 1.6;
  font('bold', 9);
  doc.text('Ship to', L.m, y);
  doc.text('Shipping method', L.w / 2 + 10, y);
  font('normal', 10);
  const methodLines = doc.splitTextToSize(slip.shippingMethod, L.w / 2 - L.m - 10) as string[];
  methodLines.forEach((t, i) => doc.text(t, L.w / 2 + 10, y + line(10) * (i + 1)));
  slip.shipTo.forEach((t, i) => cell(doc, t, L.m, y + line(10) * (i + 1), L.w / 2 - L.m - 10));
  y += line(10) * (Math.max(slip.shipTo.length, methodLines.length) + 1) + 8 * L.s;

  const tableW = L.w - 2 * L.m;
  const xs = L.columns.reduce<number[]>((acc, c, i) => [...acc, i === 0 ? L.m : acc[i - 1]! + L.columns[i - 1]!.share * tableW], []);
  const rowH = line(9.5) + 4 * L.s;
  const tableHead = () => {
    font('bold', 9);
    doc.setDrawColor(0);
    doc.setLineWidth(0.8);
    L.columns.forEach((c, i) => doc.text(c.title, xs[i]!, y));
    doc.line(L.m, y + 4 * L.s, right, y + 4 * L.s);
    y += rowH;
  };
  const bottom = L.h - L.m - 14 * L.s;
  tableHead();
  doc.setLineWidth(0.3);
  for (const row of slip.lines) {
    if (y > bottom) {
      doc.addPage([L.w, L.h], 'portrait');
      y = header();
      tableHead();
      doc.setLineWidth(0.3);
    }
    font('normal', 9.5);
    L.columns.forEach((c, i) => cell(doc, row[c.key], xs[i]!, y, c.share * tableW - 6));
    doc.setDrawColor(170);
    doc.line(L.m, y + 4 * L.s, right, y + 4 * L.s);
    y += rowH;
  }
  font('normal', 9.5);
  y += 6 * L.s;
  for (const note of slip.notes) {
    const wrapped = doc.splitTextToSize(note, tableW) as string[];
    if (y + wrapped.length * line(9.5) > bottom + 10 * L.s) {
      doc.addPage([L.w, L.h], 'portrait');
      y = header();
      font('normal', 9.5);
    }
    wrapped.forEach((t) => doc.text(t, L.m, (y += line(9.5)) - line(9.5)));
    y += 4 * L.s;
  }
  const pages = doc.getNumberOfPages();
  for (let p = 1; p <= pages; p++) {
    doc.setPage(p);
    footer(p, pages);
  }
  return doc;
}
