import { businessDaysAfter, daysBetween, usFederalCalendar, type HolidayCalendar } from '../dates';
import { percentOf, toCents, toDollars } from './money';
import { matchingRule, NEW_REPLACEMENT_DAYS } from './rules';
import type { Decision, Outcome, PolicyCase, Reason } from './schema';
import { isCovered, warrantyTermFor } from './warranty';

export const RESTOCKING_FEE_PERCENT = 10;
export const MISUSE_REPAIR_FEE_CENTS = 4500;
export const TURNAROUND_BUSINESS_DAYS = 10;
export const REFUND_BUSINESS_DAYS = 5;
/** Outside these a return follows the manufacturer's separate RMA process (clause 9). */
const SAME_PROCESS_COUNTRIES = new Set(['US', 'GB', 'CA']);

export interface DecideOptions {
  calendar?: HolidayCalendar;
}

function customerPaysFor(outcome: Outcome, country: string): Decision['customerPays'] {
  switch (outcome) {
    case 'refund':
    case 'supervisor_review':
      return 'nothing';
    case 'return_to_customer':
    case 'refer_to_seller':
      return 'return_shipping';
    case 'replace':
    case 'paid_repair_offer':
      return country === 'US' ? 'nothing' : 'shipping_both_ways';
  }
}

/**
 * The outcome for one item by the manufacturer's terms (POLICY.md). The case must already be
 * validated by `policyCaseSchema`; every date comes from the case, never from a clock.
 */
export function decideItem(c: PolicyCase, options: DecideOptions = {}): Decision {
  const calendar = options.calendar ?? usFederalCalendar;
  const term = warrantyTermFor(c.item, c.rma.purchasedOn);
  const rule = matchingRule({ c, term });
  const { outcome } = rule;

  const reasons: Reason[] = [rule.reason];
  const clauses = new Set(rule.clauses({ c, term }));
  // Each flag cites the clause it comes from, as the rule's reason does.
  if (!SAME_PROCESS_COUNTRIES.has(c.rma.country)) {
    reasons.push('international_separate_process');
    clauses.add(9);
  }
  if (!c.rma.proofOfPurchase) {
    reasons.push('no_proof_of_purchase');
    clauses.add(1);
  }

  const grossCents = toCents(c.item.unitPrice) * c.item.quantity;
  const feeWaived = rule.reason === 'defective';
  const feeCents = feeWaived ? 0 : percentOf(grossCents, RESTOCKING_FEE_PERCENT);

  return {
    outcome,
    replacement:
      outcome === 'replace'
        ? {
            condition: daysBetween(c.rma.purchasedOn, c.receivedOn) <= NEW_REPLACEMENT_DAYS ? 'new' : 'refurbished',
            backordered: !c.inStock,
          }
        : null,
    refund:
      outcome === 'refund'
        ? {
            gross: toDollars(grossCents),
            restockingFee: toDollars(feeCents),
            net: toDollars(grossCents - feeCents),
            feeWaived,
          }
        : null,
    repairFee: outcome === 'paid_repair_offer' ? toDollars(MISUSE_REPAIR_FEE_CENTS * c.item.quantity) : null,
    customerPays: customerPaysFor(outcome, c.rma.country),
    customsByCustomer: c.rma.country !== 'US',
    warranty: { covered: isCovered(term, c.rma.issuedOn), endsOn: term.endsOn },
    turnaroundDueOn: businessDaysAfter(c.receivedOn, TURNAROUND_BUSINESS_DAYS, calendar),
    refundDueOn: outcome === 'refund' ? businessDaysAfter(c.receivedOn, REFUND_BUSINESS_DAYS, calendar) : null,
    clauses: [...clauses].sort((a, b) => a - b),
    reasons,
  };
}
