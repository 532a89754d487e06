// Loading a ledger from a CSV or JSON file (the format is described in format.md).
export { importFile, type ImportOptions, type ImportReport, type KindCounts } from './import-file.ts';
export { ImportError, type RowError } from './errors.ts';
