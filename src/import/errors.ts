// What an import reports. A row error names the file, the line and (where there is one) the field;
// an ImportError is a problem with the whole file or the request, raised before anything is written.

export interface RowError {
  file: string;
  line: number;
  /** The field as it is spelled in the file: "due_date" (CSV) or "invoices[3].dueDate" (JSON). */
  field?: string;
  reason: string;
}

export class ImportError extends Error {
  constructor(
    readonly reason: string,
    readonly file: string | null = null,
    readonly line: number | null = null,
    readonly column: number | null = null,
  ) {
    const where =
      file === null
        ? ''
        : `${file}${line === null ? '' : `:${line}${column === null ? '' : `:${column}`}`}: `;
    super(`${where}${reason}`);
    this.name = 'ImportError';
  }
}

export function compareRowErrors(a: RowError, b: RowError): number {
  return a.line - b.line || (a.field ?? '').localeCompare(b.field ?? '');
}
