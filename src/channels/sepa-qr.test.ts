import { describe, expect, it } from 'vitest';
import { epcPayload, epcQrPng, isValidIban } from './sepa-qr.ts';

const base = {
  name: 'Menuiserie Lambert',
  iban: 'FR76 3000 6000 0112 3456 7890 189',
  bic: 'AGRIFRPP',
  amount: { amount: 276_050, currency: 'EUR' },
  remittance: 'F-2026-0117 F-2026-0142',
};

describe('epcPayload', () => {
  it('writes the EPC069-12 version 002 lines in order', () => {
    expect(epcPayload(base)).toBe(
      [
        'BCD',
        '002',
        '1',
        'SCT',
        'AGRIFRPP',
        'Menuiserie Lambert',
        'FR7630006000011234567890189',
        'EUR2760.50',
        '',
        '',
        'F-2026-0117 F-2026-0142',
      ].join('\n'),
    );
  });

  it('leaves the BIC line empty when there is none', () => {
    expect(epcPayload({ ...base, bic: null }).split('\n')[4]).toBe('');
  });

  it('keeps accented names as UTF-8 text', () => {
    const payload = epcPayload({ ...base, name: 'Brasserie Müller & Fils Éts' });
    expect(payload.split('\n')[5]).toBe('Brasserie Müller & Fils Éts');
  });

  it('rejects an IBAN whose check digits are wrong', () => {
    expect(() => epcPayload({ ...base, iban: 'FR76 3000 6000 0112 3456 7890 188' })).toThrow(/^iban:/);
    expect(isValidIban('DE89 3704 0044 0532 0130 00')).toBe(true);
    expect(isValidIban('DE89 3704 0044 0532 0130 01')).toBe(false);
    // Right checksum, wrong length for France.
    expect(isValidIban('FR76 0000 0000 0000')).toBe(false);
  });

  it('rejects amounts outside EUR 0.01 to 999,999,999.99 and other currencies', () => {
    expect(() => epcPayload({ ...base, amount: { amount: 0, currency: 'EUR' } })).toThrow(/^amount:/);
    expect(() => epcPayload({ ...base, amount: { amount: 100_000_000_000, currency: 'EUR' } })).toThrow(
      /^amount:/,
    );
    expect(epcPayload({ ...base, amount: { amount: 99_999_999_999, currency: 'EUR' } })).toContain(
      'EUR999999999.99',
    );
    expect(() => epcPayload({ ...base, amount: { amount: 100, currency: 'USD' } })).toThrow(/^amount:/);
  });

  it('rejects a name over 70 characters, a remittance over 140, and line breaks', () => {
    expect(() => epcPayload({ ...base, name: 'N'.repeat(71) })).toThrow(/^name:/);
    expect(() => epcPayload({ ...base, remittance: 'R'.repeat(141) })).toThrow(/^remittance:/);
    expect(epcPayload({ ...base, remittance: 'R'.repeat(140) })).toContain('R'.repeat(140));
    expect(() => epcPayload({ ...base, remittance: 'F-1\nF-2' })).toThrow(/^remittance:/);
    expect(() => epcPayload({ ...base, bic: 'NOTABIC' })).toThrow(/^bic:/);
  });
});

describe('epcQrPng', () => {
  it('draws the payload as a PNG image', async () => {
    const png = await epcQrPng(epcPayload(base));
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
    expect(png.readUInt32BE(16)).toBe(360); // width
    expect(png.readUInt32BE(20)).toBe(360); // height
  });
});
