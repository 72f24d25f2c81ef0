export * from './dates';
export * from './labels';
export * from './policy';
export * from './validation';
