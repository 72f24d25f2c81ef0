export * from './slip';
export * from './printPlan';
