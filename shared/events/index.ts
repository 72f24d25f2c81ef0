export * from './schema';
export * from './roles';
