export * from './schema';
export * from './exportFormat';
