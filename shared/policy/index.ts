export * from './schema';
export * from './money';
export * from './warranty';
export * from './rules';
export * from './decide';
export * from './dock';
export * from './closing';
export * from './terms';
