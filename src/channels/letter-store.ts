// Where generated letters (PDF) are kept so they can be downloaded, printed and posted. The
// filesystem store writes under RELANCE_DATA_DIR/letters; a write is atomic (temporary file, then
// rename), so a crash never leaves half a letter behind the key.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface LetterStore {
  /** Stores the PDF under the key and returns where it is (a path or URL for the record). */
  put(key: string, pdf: Buffer): Promise<string>;
  get(key: string): Promise<Buffer | null>;
}

// Keys become file names: letters, digits, dot, dash, underscore, and "/" between segments only.
const KEY_RE = /^[A-Za-z0-9_-][A-Za-z0-9._-]*(\/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$/;

function checkKey(key: string): string {
  if (!KEY_RE.test(key) || key.split('/').some((s) => s === '..' || s === '.')) {
    throw new RangeError(`key: "${key}" is not a valid letter key (letters, digits, . _ - and /)`);
  }
  return key.endsWith('.pdf') ? key : `${key}.pdf`;
}

export function createFileLetterStore(dataDir: string): LetterStore {
  const root = join(dataDir, 'letters');
  return {
    async put(key, pdf) {
      if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') throw new RangeError('pdf: not a PDF document');
      const path = join(root, checkKey(key));
      await mkdir(join(path, '..'), { recursive: true });
      const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
      await writeFile(temporary, pdf);
      await rename(temporary, path);
      return path;
    },
    async get(key) {
      try {
        return await readFile(join(root, checkKey(key)));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
    },
  };
}
