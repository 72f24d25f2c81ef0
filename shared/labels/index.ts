export * from './schema';
export * from './classify';
export { luhnCheckDigit } from './checkDigits';
