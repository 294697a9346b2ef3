// The store lives in server/store/; this path stays so that importers need not change.
export * from './store/index.ts';
