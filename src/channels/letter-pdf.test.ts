import { describe, expect, it } from 'vitest';
import { composeMessage } from './compose.ts';
import { REGISTERED_MENTION, renderLetterPdf } from './letter-pdf.ts';
import { isWinAnsi, toWinAnsi } from './pdf-text.ts';
import { composeInput, customer, firm } from './test-fixtures.ts';
import type { Language } from '../core/types.ts';

// Windows-1252 bytes 0x80–0x9F (the rest of WinAnsi is Latin-1): enough to read back what pdfkit wrote.
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
const cp1252 = (bytes: Buffer): string =>
  [...bytes].map((b) => (b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80] : String.fromCharCode(b))).join('');

/**
 * The text an uncompressed pdfkit document shows: every Tj/TJ string, hex-decoded as WinAnsi,
 * text operations joined by a space (so words wrapped onto the next line read on). Proves what a
 * reader sees, € and accents included.
 */
function pdfText(pdf: Buffer): string {
  const source = pdf.toString('latin1');
  const lines: string[] = [];
  for (const m of source.matchAll(/\[([^\]]*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj/g)) {
    const hexes =
      m[1] !== undefined ? [...m[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1] ?? '') : [m[2] ?? ''];
    lines.push(cp1252(Buffer.from(hexes.join(''), 'hex')));
  }
  return lines.join(' ').replace(/ +/g, ' ');
}

const notice = {
  template: 'formal_notice',
  channel: 'formal_notice' as const,
  tone: 5 as const,
  statesFees: true,
  registered: true,
};

async function letter(language: Language, registered: boolean) {
  const composed = composeMessage(composeInput({ step: { ...notice, registered }, language }));
  const pdf = await renderLetterPdf({
    firm: firm(),
    customer: { ...customer(), address: '12 rue des Fleurs\n69003 Lyon' },
    composed,
    registered,
    date: '2026-11-30',
    compress: false,
  });
  return { pdf, text: pdfText(pdf), composed };
}

describe('renderLetterPdf', () => {
  it('renders a PDF with the letterhead, the recipient, the title and the registered mention', async () => {
    const { pdf, text, composed } = await letter('fr', true);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.subarray(-6).toString('latin1')).toMatch(/%%EOF/);
    expect(text).toContain('Menuiserie Lambert');
    expect(text).toContain('IBAN FR76 3000 6000 0112 3456 7890 189');
    expect(text).toContain('Boulangerie Martin');
    expect(text).toContain('12 rue des Fleurs');
    expect(text).toContain(REGISTERED_MENTION.fr.toUpperCase());
    expect(text).toContain('RECOMMANDÉE');
    expect(text).toContain(toWinAnsi(composed.rendered.letter.title));
    expect(text).toContain('30 novembre 2026');
  });

  it('lays the invoices out as a table with euro amounts and accented headings', async () => {
    const { text } = await letter('fr', true);
    // French amounts use a narrow no-break space as group separator: it must become a no-break space.
    expect(text).toContain('1\u00a0800,00\u00a0€');
    expect(text).toContain('960,50\u00a0€');
    expect(text).toContain('F-2026-0117');
    expect(text).toContain('F-2026-0142');
    expect(text).toContain('Échéance');
  });

  it('states the fees with their legal basis on a step that states them', async () => {
    const { text } = await letter('fr', true);
    expect(text).toMatch(/L441-10/);
    expect(text).toContain('40,00\u00a0€');
  });

  it('leaves out the registered mention when the step does not ask for it', async () => {
    const { text } = await letter('fr', false);
    expect(text).not.toContain('RECOMMANDÉE');
    expect(text).toContain('Menuiserie Lambert');
  });

  it('writes German umlauts and Dutch diaereses as themselves', async () => {
    const de = await letter('de', true);
    expect(de.text).toContain('EINSCHREIBEN MIT RÜCKSCHEIN');
    const nl = await letter('nl', true);
    expect(nl.text).toContain('AANGETEKENDE BRIEF');
    const invoiceLess = [...nl.composed.rendered.letter.paragraphs, nl.composed.rendered.letter.title].join(
      '',
    );
    expect([...toWinAnsi(invoiceLess)].every(isWinAnsi)).toBe(true);
  });
});

describe('toWinAnsi', () => {
  it('keeps €, accents and typographic punctuation, and replaces what WinAnsi lacks', () => {
    expect(toWinAnsi('1\u202f234,50\u00a0€ – «\u00a0é ü ë ß\u00a0» ’')).toBe(
      '1\u00a0234,50\u00a0€ – «\u00a0é ü ë ß\u00a0» ’',
    );
    expect(toWinAnsi('Łódź Dvořák')).toBe('?ódz Dvorák');
    expect(toWinAnsi('日本')).toBe('??');
  });
});
