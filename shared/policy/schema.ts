import { z } from 'zod';
import { isoDateSchema } from '../dates';

export const MISUSE_KINDS = [
  'normal_wear',
  'abrasion',
  'misuse',
  'alteration',
  'abuse',
  'disassembly',
  'improper_care',
  'accident',
  'uv_exposure',
  'material_breakdown',
] as const;
export const misuseKindSchema = z.enum(MISUSE_KINDS);
export type MisuseKind = z.infer<typeof misuseKindSchema>;

export const sellerSchema = z.enum(['direct', 'authorized', 'unauthorized']);
export const remedySchema = z.enum(['refund', 'replacement']);
export const itemKindSchema = z.enum(['product', 'accessory']);
export const itemConditionSchema = z.enum(['new', 'used', 'refurbished']);
export const findingResultSchema = z.enum(['defective', 'no_fault_found', 'misuse']);

/** ISO 3166 alpha-2, any case; `UK` is the common spelling of `GB`. */
export const countrySchema = z
  .string()
  .transform((s) => s.trim().toUpperCase())
  .refine((s) => /^[A-Z]{2}$/.test(s), { message: 'must be an ISO 3166 alpha-2 country code' })
  .transform((s) => (s === 'UK' ? 'GB' : s));

/** Money as the customer-service export writes it: dollars with at most two decimals. */
export const dollarsSchema = z
  .number()
  .finite()
  .min(0)
  .refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6, { message: 'must have at most two decimals' })
  .refine((v) => Number.isSafeInteger(Math.round(v * 100)), { message: 'is too large' });

const optionalDate = isoDateSchema.nullish().transform((v) => v ?? undefined);

export const policyRmaSchema = z.object({
  number: z.string().trim().min(1),
  issuedOn: isoDateSchema,
  remedy: remedySchema,
  country: countrySchema,
  seller: sellerSchema,
  purchasedOn: isoDateSchema,
  deliveredOn: optionalDate,
  proofOfPurchase: z.boolean(),
});

export const policyItemSchema = z.object({
  sku: z.string().trim().min(1),
  kind: itemKindSchema,
  condition: itemConditionSchema,
  unitPrice: dollarsSchema,
  quantity: z.number().int().min(1).max(100_000),
  warrantyMonths: z.number().int().min(1).max(1200).nullish().transform((v) => v ?? undefined),
  onRma: z.boolean(),
});

export const findingSchema = z
  .object({
    result: findingResultSchema,
    misuse: z.array(misuseKindSchema),
  })
  .refine((f) => f.result === 'misuse' || f.misuse.length === 0, {
    message: 'must be empty unless the result is misuse',
    path: ['misuse'],
  });

export type Finding = z.infer<typeof findingSchema>;

/** One item's case, exactly the `policy` command's input (POLICY.md, *The decision as data*). */
export const policyCaseSchema = z
  .object({
    rma: policyRmaSchema,
    item: policyItemSchema,
    receivedOn: isoDateSchema,
    finding: findingSchema,
    inStock: z.boolean(),
  })
  .refine((c) => Number.isSafeInteger(Math.round(c.item.unitPrice * 100) * c.item.quantity), {
    message: 'unit price × quantity is too large',
    path: ['item', 'quantity'],
  });
export type PolicyCase = z.infer<typeof policyCaseSchema>;
export type PolicyCaseInput = z.input<typeof policyCaseSchema>;

export const OUTCOMES = [
  'refund',
  'replace',
  'paid_repair_offer',
  'return_to_customer',
  'refer_to_seller',
  'supervisor_review',
] as const;
export const outcomeSchema = z.enum(OUTCOMES);
export type Outcome = z.infer<typeof outcomeSchema>;

export const REASONS = [
  'not_on_rma',
  'unauthorized_seller',
  'refund_window_expired',
  'defective',
  'no_fault_found',
  'misuse_on_refund',
  'warranty_term_unknown',
  'out_of_warranty',
  'misuse',
  'international_separate_process',
  'no_proof_of_purchase',
] as const;
export const reasonSchema = z.enum(REASONS);
export type Reason = z.infer<typeof reasonSchema>;

/** The decision, exactly the documented contract; key order is the documented order. */
export const decisionSchema = z.object({
  outcome: outcomeSchema,
  replacement: z.object({ condition: z.enum(['new', 'refurbished']), backordered: z.boolean() }).nullable(),
  refund: z
    .object({ gross: z.number(), restockingFee: z.number(), net: z.number(), feeWaived: z.boolean() })
    .nullable(),
  repairFee: z.number().nullable(),
  customerPays: z.enum(['nothing', 'return_shipping', 'shipping_both_ways']),
  customsByCustomer: z.boolean(),
  warranty: z.object({ covered: z.boolean(), endsOn: isoDateSchema.nullable() }),
  turnaroundDueOn: isoDateSchema,
  refundDueOn: isoDateSchema.nullable(),
  clauses: z.array(z.number().int().min(1).max(13)),
  reasons: z.array(reasonSchema),
});
export type Decision = z.infer<typeof decisionSchema>;
