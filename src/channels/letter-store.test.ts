import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createFileLetterStore } from './letter-store.ts';

const dirs: string[] = [];
async function store() {
  const dir = await mkdtemp(join(tmpdir(), 'relance-letters-'));
  dirs.push(dir);
  return { dir, letters: createFileLetterStore(dir) };
}
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

const pdf = Buffer.from('%PDF-1.3\n% a letter\n%%EOF\n');

describe('file letter store', () => {
  it('keeps a letter under RELANCE_DATA_DIR/letters and gives it back', async () => {
    const { dir, letters } = await store();
    const location = await letters.put('firm-1/act-0001', pdf);
    expect(location).toBe(join(dir, 'letters', 'firm-1', 'act-0001.pdf'));
    expect((await letters.get('firm-1/act-0001'))?.equals(pdf)).toBe(true);
    expect(await readdir(join(dir, 'letters', 'firm-1'))).toEqual(['act-0001.pdf']); // no temporary left
  });

  it('answers null for a letter it does not have', async () => {
    const { letters } = await store();
    expect(await letters.get('firm-1/missing')).toBeNull();
  });

  it('refuses keys that would leave its folder, and content that is not a PDF', async () => {
    const { letters } = await store();
    await expect(letters.put('../outside', pdf)).rejects.toThrow(/^key:/);
    await expect(letters.put('firm-1/../../x', pdf)).rejects.toThrow(/^key:/);
    await expect(letters.get('/etc/passwd')).rejects.toThrow(/^key:/);
    await expect(letters.put('firm-1/a', Buffer.from('hello'))).rejects.toThrow(/^pdf:/);
  });
});
