export * from './matching';
export * from './decisionCase';
export * from './turnaround';
export * from './standing';
export * from './words';
export * from './closingFromFacts';
export * from './countedSku';
