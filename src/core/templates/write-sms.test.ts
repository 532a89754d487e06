import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../types.ts';
import { invoice, messageContext } from './message-context.fixture.ts';
import { renderMessage } from './render-message.ts';
import { INTERNAL_TEMPLATE_KEYS, TEMPLATE_KEYS } from './types.ts';
import { SMS_MAX_CHARS } from './write-sms.ts';

const CUSTOMER_KEYS = TEMPLATE_KEYS.filter((k) => !INTERNAL_TEMPLATE_KEYS.includes(k));
const LINK = 'https://pay.example.com/inv/0117?t=ab&c=1';
const chars = (s: string): number => [...s].length;

describe('SMS', () => {
  for (const language of LANGUAGES) {
    it(`fits ${SMS_MAX_CHARS} characters with the firm, amount, deadline and payment link (${language})`, () => {
      for (const key of CUSTOMER_KEYS) {
        const m = renderMessage(messageContext({ templateKey: key, language, statesFees: true, tone: 4 }));
        expect(chars(m.sms), key).toBeLessThanOrEqual(SMS_MAX_CHARS);
        expect(m.sms, key).toContain('Menuiserie Lambert SARL');
        expect(m.sms, key).toContain(LINK);
        expect(m.sms, key).not.toContain('\n');
      }
    });

    it(`shrinks for many invoices and a long firm name, keeping the link whole (${language})`, () => {
      const invoices = Array.from({ length: 25 }, (_, n) => invoice({ number: `FACT-2026-${1000 + n}` }));
      const ctx = messageContext({ templateKey: 'reminder_2', language, invoices });
      const m = renderMessage({ ...ctx, firm: { ...ctx.firm, name: 'Menuiserie '.repeat(20).trim() } });
      expect(chars(m.sms)).toBeLessThanOrEqual(SMS_MAX_CHARS);
      expect(m.sms).toContain(LINK);
      expect(m.sms).toContain('25');
      expect(m.sms).not.toContain('FACT-2026-1000');
    });
  }

  it('lists the invoice numbers while they fit', () => {
    const m = renderMessage(messageContext({ templateKey: 'reminder_1', language: 'en' }));
    expect(m.sms).toContain('invoices F-2026-0117 and F-2026-0142');
  });

  it('gives the firm phone instead of a link too long to fit', () => {
    const long = `https://pay.example.com/${'x'.repeat(400)}`;
    const m = renderMessage(messageContext({ language: 'en', invoices: [invoice({ paymentLink: long })] }));
    expect(chars(m.sms)).toBeLessThanOrEqual(SMS_MAX_CHARS);
    expect(m.sms).not.toContain('https://');
    expect(m.sms).toContain('Questions: +33 4 72 00 00 00');
  });

  it('never sends a non-http link by SMS', () => {
    const m = renderMessage(
      messageContext({ language: 'nl', invoices: [invoice({ paymentLink: 'javascript:x' })] }),
    );
    expect(m.sms).not.toContain('javascript:');
    expect(m.sms).toContain('Vragen: +33 4 72 00 00 00');
  });
});
