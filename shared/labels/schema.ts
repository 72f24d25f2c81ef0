import { z } from 'zod';

export const labelKindSchema = z.enum(['rma', 'tracking', 'sku', 'serial', 'unknown']);
export const carrierSchema = z.enum(['ups', 'fedex', 'usps', 'dhl']);
export const labelProblemSchema = z.enum(['check_digit', 'length', 'empty', 'control_character', 'unrecognised']);

/** What a scanned or typed string is (DESIGN.md, *Scanning*). */
export const labelSchema = z.object({
  kind: labelKindSchema,
  value: z.string(),
  carrier: carrierSchema.optional(),
  valid: z.boolean(),
  problem: labelProblemSchema.optional(),
  /** The destination ZIP of a USPS routing prefix, kept apart from the package number. */
  zip: z.string().optional(),
});
export type Label = z.infer<typeof labelSchema>;
export type LabelKind = z.infer<typeof labelKindSchema>;
export type Carrier = z.infer<typeof carrierSchema>;
export type LabelProblem = z.infer<typeof labelProblemSchema>;

/** The RMA number's form is a site setting: a prefix and a digit count whose last digit is a Luhn check. */
export const rmaPatternSchema = z.object({
  prefix: z
    .string()
    .regex(/^[A-Z]{1,8}$/, { message: 'must be 1–8 capital letters' }),
  digits: z.number().int().min(2).max(20),
});
export type RmaPattern = z.infer<typeof rmaPatternSchema>;
export const DEFAULT_RMA_PATTERN: RmaPattern = { prefix: 'RMA', digits: 8 };
