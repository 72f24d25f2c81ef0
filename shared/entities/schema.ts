import { z } from 'zod';
import { itemKindSchema } from '../policy/schema';
import { lineOfText } from '../validation';

/** A product or accessory the manufacturer sells: what an inspector's SKU scan is checked against. */
export const catalogEntrySchema = z.object({
  sku: lineOfText(1, 64).transform((s) => s.toUpperCase()),
  description: z.string().trim().min(1).max(300),
  kind: itemKindSchema,
  /** The warranty term of a new product (POLICY.md: the terms do not state it). */
  warrantyMonths: z.number().int().min(1).max(1200).nullish().transform((v) => v ?? undefined),
  /** UPC/EAN codes printed on the item, so a barcode scan finds the SKU. */
  barcodes: z.array(z.string().regex(/^\d{8,14}$/, { message: 'must be 8–14 digits' })).max(20).default([]),
});
export type CatalogEntry = z.infer<typeof catalogEntrySchema>;

export const userRoleSchema = z.enum(['dock', 'inspector', 'supervisor', 'admin']);
export type UserRole = z.infer<typeof userRoleSchema>;

/** A person who may sign in at a station, and what their role lets them record. */
export const userSchema = z.object({
  id: lineOfText(1, 64),
  name: lineOfText(1, 80),
  role: userRoleSchema,
  active: z.boolean().default(true),
});
export type User = z.infer<typeof userSchema>;

/** `DELETE /api/v1/admin/catalog/<sku>?baseVersion=N` (and users): the version the removal is based on. */
export const removalQuerySchema = z.object({ baseVersion: z.coerce.number<string>().int().min(1) });
