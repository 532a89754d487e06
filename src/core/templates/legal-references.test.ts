import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../types.ts';
import { legalReferences } from './legal-references.ts';

describe('legalReferences', () => {
  it('cites the firm country law in the language of the message', () => {
    expect(legalReferences('FR', 'fr').compensation).toBe('article L441-10 du Code de commerce');
    expect(legalReferences('DE', 'de')).toEqual({
      interest: '§ 288 Abs. 2 BGB',
      compensation: '§ 288 Abs. 5 BGB',
    });
    expect(legalReferences('NL', 'nl')).toEqual({
      interest: 'artikel 6:119a BW',
      compensation: 'artikel 6:96 lid 4 BW',
    });
    expect(legalReferences('be', 'fr').interest).toContain('loi du 2 août 2002');
    expect(legalReferences('DE', 'en').interest).toBe('Section 288(2) of the German Civil Code (BGB)');
    expect(legalReferences('GB', 'en').interest).toBe('Late Payment of Commercial Debts (Interest) Act 1998');
  });

  it('falls back on the language when the country is not given: Code de commerce in French, BGB in German', () => {
    expect(legalReferences(null, 'fr').interest).toBe('article L441-10 du Code de commerce');
    expect(legalReferences(undefined, 'de').interest).toBe('§ 288 Abs. 2 BGB');
  });

  it('cites the EU Late Payment Directive for any other country', () => {
    for (const language of LANGUAGES) {
      expect(legalReferences('IT', language).interest).toMatch(/2011\/7\/(EU|UE)/);
    }
    expect(legalReferences(null, 'en').interest).toMatch(/Directive 2011\/7\/EU/);
    expect(legalReferences(null, 'nl').interest).toMatch(/Richtlijn 2011\/7\/EU/);
  });
});
