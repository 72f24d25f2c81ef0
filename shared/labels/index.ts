export * from './schema';
export * from './classify';
export { luhnCheckDigit } from './checkDigits';
export * from './readings';
