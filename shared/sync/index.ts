export * from './schema';
export * from './exceptions';
export * from './refusals';
export * from './stationProof';
