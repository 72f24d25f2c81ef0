import { z } from 'zod';
import { lineOfText } from '../validation';
import { isoDateSchema } from '../dates';
import { classifyLabel } from '../labels';
import { rmaStatusSchema } from '../policy/dock';
import {
  countrySchema,
  dollarsSchema,
  itemConditionSchema,
  itemKindSchema,
  remedySchema,
  sellerSchema,
} from '../policy/schema';

/** An RMA number as customer service writes it, normalised to `RMA` + 8 digits with a good check digit. */
export const rmaNumberSchema = z.string().transform((s, ctx) => {
  const label = classifyLabel(s);
  if (label.kind === 'rma' && label.valid) return label.value;
  ctx.addIssue({
    code: 'custom',
    message: label.kind === 'rma' && label.problem === 'check_digit' ? 'has a wrong check digit' : 'is not an RMA number (RMA + 8 digits)',
  });
  return z.NEVER;
});

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((v) => (v ? v : undefined));

export const addressSchema = z.object({
  line1: text(200),
  line2: optionalText(200),
  city: text(100),
  region: optionalText(100),
  postalCode: optionalText(20),
  country: countrySchema,
});

export const customerSchema = z.object({
  name: text(200),
  address: addressSchema,
});

/** A serial number: letters, digits and dashes, compared upper-cased. */
export const serialSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9][A-Z0-9-]{2,39}$/, { message: 'must be 3–40 letters, digits or dashes' });

export const rmaLineSchema = z
  .object({
    sku: text(64).transform((s) => s.toUpperCase()),
    description: text(300),
    kind: itemKindSchema,
    condition: itemConditionSchema,
    quantity: z.number().int().min(1).max(10_000),
    unitPrice: dollarsSchema,
    warrantyMonths: z.number().int().min(1).max(1200).nullish().transform((v) => v ?? undefined),
    serials: z.array(serialSchema).default([]),
  })
  .refine((l) => l.serials.length <= l.quantity, { message: 'lists more serials than its quantity', path: ['serials'] })
  .refine((l) => new Set(l.serials).size === l.serials.length, { message: 'lists a serial twice', path: ['serials'] });

/** One return authorisation, as customer service issues it (the export format of the README). */
export const rmaSchema = z.object({
  number: rmaNumberSchema,
  status: rmaStatusSchema,
  issuedOn: isoDateSchema,
  remedy: remedySchema,
  customer: customerSchema,
  seller: sellerSchema,
  purchasedOn: isoDateSchema,
  deliveredOn: isoDateSchema.nullish().transform((v) => v ?? undefined),
  proofOfPurchase: z.boolean(),
  lines: z.array(rmaLineSchema).min(1).max(500),
});
export type Rma = z.infer<typeof rmaSchema>;
export type RmaInput = z.input<typeof rmaSchema>;
export type RmaLine = z.infer<typeof rmaLineSchema>;

export function unitsAuthorised(rma: Pick<Rma, 'lines'>): number {
  return rma.lines.reduce((n, l) => n + l.quantity, 0);
}

/** Where an RMA stands by the facts the server holds (issue 4): no box yet, boxes arriving, closed (clause 11). */
export const rmaLifecycleSchema = z.enum(['open', 'receiving', 'closed']);
export type RmaLifecycle = z.infer<typeof rmaLifecycleSchema>;

/** `GET /api/v1/admin/rmas`: a page of RMAs in number order, optionally of one lifecycle. */
export const rmaListQuerySchema = z.object({
  lifecycle: rmaLifecycleSchema.optional(),
  after: lineOfText(0, 40).default(''),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
export type RmaListQuery = z.infer<typeof rmaListQuerySchema>;
