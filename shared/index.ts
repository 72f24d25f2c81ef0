export * from './dates';
export * from './events';
export * from './labels';
export * from './policy';
export * from './rma';
export * from './validation';
export * from './settings';
export * from './entities';
