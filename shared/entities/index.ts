export * from './schema';
export * from './catalogFile';
