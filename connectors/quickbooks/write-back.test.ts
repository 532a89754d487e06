import { describe, expect, it } from 'vitest';
import { noteMarker, noteText, withStatusLine } from './write-back.ts';

describe('QuickBooks write-back text', () => {
  it('replaces only the Relance line of PrivateNote and keeps what the firm wrote', () => {
    const first = withStatusLine('Call Anna first\nVAT exempt', '1st reminder sent 2026-11-01');
    expect(first).toBe('Call Anna first\nVAT exempt\nRelance: 1st reminder sent 2026-11-01');
    expect(withStatusLine(first, '2nd reminder sent 2026-12-01')).toBe(
      'Call Anna first\nVAT exempt\nRelance: 2nd reminder sent 2026-12-01',
    );
    expect(withStatusLine(undefined, 'promise to pay')).toBe('Relance: promise to pay');
  });

  it('marks a note with its key and keeps it under 2000 characters', () => {
    const text = noteText(`Relance 2026-12-01: ${'x'.repeat(5000)}`, 'k1');
    expect(text.length).toBeLessThanOrEqual(2000);
    expect(text.startsWith('Relance 2026-12-01: ')).toBe(true);
    expect(text.endsWith(noteMarker('k1'))).toBe(true);
    expect(noteMarker('k1')).not.toBe(noteMarker('k2'));
  });
});
