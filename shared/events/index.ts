export * from './schema';
export * from './roles';
export * from './words';
