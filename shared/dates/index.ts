export * from './isoDate';
export * from './holidays';
export * from './businessDays';
