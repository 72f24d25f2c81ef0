export * from './schema';
export * from './exceptions';
export * from './refusals';
export * from './stationProof';
export * from './link';
