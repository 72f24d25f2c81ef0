import { describe, expect, it } from 'vitest';
import { isUnitFinal, rmaCloses, type UnitStanding } from '../../shared/policy';

const unit = (over: Partial<UnitStanding>): UnitStanding => ({ outcome: null, shipped: false, repairOffer: null, ...over });

describe('closing (clause 11)', () => {
  it('a refund is final once recorded', () => {
    expect(isUnitFinal(unit({ outcome: 'refund' }))).toBe(true);
  });

  it('what leaves the warehouse is final once shipped', () => {
    for (const outcome of ['replace', 'return_to_customer', 'refer_to_seller'] as const) {
      expect(isUnitFinal(unit({ outcome }))).toBe(false);
      expect(isUnitFinal(unit({ outcome, shipped: true }))).toBe(true);
    }
  });

  it('a repair offer is final once answered and shipped', () => {
    expect(isUnitFinal(unit({ outcome: 'paid_repair_offer', shipped: true }))).toBe(false);
    expect(isUnitFinal(unit({ outcome: 'paid_repair_offer', repairOffer: 'accepted' }))).toBe(false);
    expect(isUnitFinal(unit({ outcome: 'paid_repair_offer', repairOffer: 'accepted', shipped: true }))).toBe(true);
    expect(isUnitFinal(unit({ outcome: 'paid_repair_offer', repairOffer: 'declined', shipped: true }))).toBe(true);
  });

  it('a supervisor review and an undecided unit are never final', () => {
    expect(isUnitFinal(unit({ outcome: 'supervisor_review', shipped: true }))).toBe(false);
    expect(isUnitFinal(unit({ shipped: true }))).toBe(false);
  });

  it('an RMA closes when every unit is final, and not when it has none', () => {
    expect(rmaCloses([unit({ outcome: 'refund' }), unit({ outcome: 'replace', shipped: true })])).toBe(true);
    expect(rmaCloses([unit({ outcome: 'refund' }), unit({ outcome: 'replace' })])).toBe(false);
    expect(rmaCloses([unit({ outcome: 'refund' }), unit({})])).toBe(false);
    expect(rmaCloses([])).toBe(false);
  });
});
