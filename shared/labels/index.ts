export * from './schema';
export * from './classify';
export { cleanScan } from './clean';
export { luhnCheckDigit } from './checkDigits';
