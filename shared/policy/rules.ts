import { daysBetween } from '../dates';
import type { Outcome, PolicyCase, Reason } from './schema';
import { isCovered, type WarrantyTerm } from './warranty';

export const REFUND_WINDOW_DAYS = 30;
export const NEW_REPLACEMENT_DAYS = 30;

export interface RuleContext {
  readonly c: PolicyCase;
  readonly term: WarrantyTerm;
}

export interface ItemRule {
  readonly number: number;
  readonly outcome: Outcome;
  readonly reason: Reason;
  readonly clauses: (ctx: RuleContext) => readonly number[];
  readonly applies: (ctx: RuleContext) => boolean;
}

const always = (clauses: readonly number[]) => () => clauses;
const refund = ({ c }: RuleContext) => c.rma.remedy === 'refund';
const replacement = ({ c }: RuleContext) => c.rma.remedy === 'replacement';
const covered = ({ c, term }: RuleContext) => isCovered(term, c.rma.issuedOn);

/** POLICY.md's decision table, in its order: the first rule that applies decides. */
export const ITEM_RULES: readonly ItemRule[] = [
  { number: 1, outcome: 'return_to_customer', reason: 'not_on_rma', clauses: always([11]),
    applies: ({ c }) => !c.item.onRma },
  { number: 2, outcome: 'refer_to_seller', reason: 'unauthorized_seller', clauses: always([1]),
    applies: (x) => refund(x) && x.c.rma.seller === 'unauthorized' },
  { number: 3, outcome: 'supervisor_review', reason: 'refund_window_expired', clauses: always([1, 2]),
    applies: (x) =>
      refund(x) && daysBetween(x.c.rma.deliveredOn ?? x.c.rma.purchasedOn, x.c.rma.issuedOn) > REFUND_WINDOW_DAYS },
  { number: 4, outcome: 'refund', reason: 'defective', clauses: always([1, 2]),
    applies: (x) => refund(x) && x.c.finding.result === 'defective' },
  { number: 5, outcome: 'refund', reason: 'no_fault_found', clauses: always([1, 2]),
    applies: (x) => refund(x) && x.c.finding.result === 'no_fault_found' },
  { number: 6, outcome: 'supervisor_review', reason: 'misuse_on_refund', clauses: always([8, 12]),
    applies: (x) => refund(x) && x.c.finding.result === 'misuse' },
  { number: 7, outcome: 'return_to_customer', reason: 'unauthorized_seller', clauses: always([4]),
    applies: (x) => replacement(x) && x.c.rma.seller === 'unauthorized' },
  { number: 8, outcome: 'supervisor_review', reason: 'warranty_term_unknown', clauses: always([3]),
    applies: (x) => replacement(x) && x.term.source === 'unknown' },
  { number: 9, outcome: 'return_to_customer', reason: 'out_of_warranty',
    clauses: ({ term }) => (term.clause === null ? [3] : [3, term.clause]),
    applies: (x) => replacement(x) && !covered(x) },
  { number: 10, outcome: 'return_to_customer', reason: 'no_fault_found', clauses: always([8]),
    applies: (x) => replacement(x) && x.c.finding.result === 'no_fault_found' },
  { number: 11, outcome: 'paid_repair_offer', reason: 'misuse', clauses: always([8, 12]),
    applies: (x) => replacement(x) && x.c.finding.result === 'misuse' && covered(x) },
  { number: 12, outcome: 'replace', reason: 'defective', clauses: always([3, 8, 10]),
    applies: (x) => replacement(x) && x.c.finding.result === 'defective' && covered(x) },
];

export function matchingRule(ctx: RuleContext): ItemRule {
  const rule = ITEM_RULES.find((r) => r.applies(ctx));
  // The table is total over valid cases (remedy × finding × coverage); reaching here is a bug.
  if (!rule) throw new Error('policy: no rule matched a validated case');
  return rule;
}
