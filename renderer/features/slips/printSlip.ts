import type { PageSize, SlipKind } from '../../../shared/slips';
import { slipFor } from '../../../shared/slips';
import type { StationSettings } from '../../../shared/settings';
import { localDateOf } from '../../db/inspection';
import type { StoredRma, UnitRow } from '../../db/schema';
import { slipFonts } from '../../print/fonts';
import { slipPdf } from '../../print/slipPdf';

/** The slip's PDF for a group of units, laid out for the station's paper. */
export async function slipPdfBytes(input: {
  slipId: string;
  kind: SlipKind;
  reprint: boolean;
  rma: StoredRma;
  units: readonly UnitRow[];
  settings: StationSettings;
  inspector: string;
  station: string;
  now: Date;
}): Promise<{ bytes: Uint8Array<ArrayBuffer>; pageSize: PageSize }> {
  const { settings } = input;
  const slip = slipFor({
    slipId: input.slipId,
    kind: input.kind,
    reprint: input.reprint,
    site: { name: settings.siteName, address: settings.siteAddress.split('\n').map((l) => l.trim()).filter(Boolean) },
    rma: input.rma,
    units: input.units.map((u) => ({
      sku: u.sku,
      serialReturned: u.serial,
      serialShipped: u.replacement?.serial ?? null,
      outcome: u.override?.outcome ?? u.decision!.decision.outcome,
      replacementCondition: u.decision?.decision.replacement?.condition ?? null,
      reason: u.decision?.decision.reasons[0] ?? null,
      warrantyEndsOn: u.decision?.decision.warranty.endsOn ?? null,
      purchasedOn: u.decision?.purchasedOn ?? input.rma.purchasedOn,
    })),
    date: localDateOf(input.now),
    inspector: input.inspector,
    station: input.station,
  });
  const doc = slipPdf(slip, settings.slipPageSize, await slipFonts());
  return { bytes: new Uint8Array(doc.output('arraybuffer')), pageSize: settings.slipPageSize };
}
