export * from './schema';
export * from './exceptions';
