import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../types.ts';
import { invoice, messageContext } from './message-context.fixture.ts';
import { renderMessage } from './render-message.ts';
import { TEMPLATE_KEYS } from './types.ts';

const SCRIPT = '<script>alert("x")</script>';
const ESCAPED = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;';

describe('HTML escaping', () => {
  const hostile = (templateKey: string) => {
    const ctx = messageContext({ templateKey, statesFees: true, tone: 4, sepaQrCid: 'qr"><script>' });
    return {
      ...ctx,
      firm: { ...ctx.firm, name: `Lambert ${SCRIPT}`, address: `<b>8 quai</b>` },
      customer: { name: `Acme ${SCRIPT}`, contactName: `Jane ${SCRIPT}`, phone: '<i>0600</i>' },
      invoices: [invoice({ number: `INV-${SCRIPT}` }), invoice({ number: "O'Brien & Co" })],
    };
  };

  for (const key of TEMPLATE_KEYS) {
    for (const language of LANGUAGES) {
      it(`renders script in names and invoice numbers as text in ${key} (${language})`, () => {
        const m = renderMessage({ ...hostile(key), language });
        expect(m.html).not.toContain('<script');
        expect(m.html).not.toContain('<b>');
        expect(m.html).not.toContain('<i>');
        expect(m.html).toContain(`INV-${ESCAPED}`);
        expect(m.html).toContain('O&#39;Brien &amp; Co');
      });
    }
  }

  it('escapes the customer name in a task and the contact name in the salutation', () => {
    const call = renderMessage({ ...hostile('call'), language: 'en' });
    expect(call.html).toContain(`Call Acme ${ESCAPED}`);
    const reminder = renderMessage({ ...hostile('reminder_1'), language: 'en' });
    expect(reminder.html).toContain(`<p>Dear Jane ${ESCAPED},</p>`);
    expect(reminder.html).toContain(`<strong>Lambert ${ESCAPED}</strong>`);
  });

  it('keeps the plain text literal: nothing escaped there', () => {
    const m = renderMessage({ ...hostile('reminder_1'), language: 'en' });
    expect(m.text).toContain(`Dear Jane ${SCRIPT},`);
    expect(m.text).toContain("O'Brien & Co");
  });

  it('makes an href only of an http(s) link', () => {
    for (const bad of [
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'pay.example.com/x',
    ]) {
      const m = renderMessage(messageContext({ language: 'en', invoices: [invoice({ paymentLink: bad })] }));
      expect(m.html).not.toMatch(/href="(?!https?:)/);
      expect(m.html).not.toContain('<script');
      expect(m.text).toContain(bad);
    }
  });

  it('escapes quotes in a link so it cannot leave its attribute', () => {
    const link = 'https://pay.example.com/x?"onmouseover="alert(1)';
    const m = renderMessage(messageContext({ language: 'en', invoices: [invoice({ paymentLink: link })] }));
    expect(m.html).toContain('href="https://pay.example.com/x?&quot;onmouseover=&quot;alert(1)"');
    expect(m.html).not.toContain('"onmouseover="');
  });
});

describe('SEPA QR slot', () => {
  it('embeds the QR image by its cid with an alt text when the caller attaches one', () => {
    const m = renderMessage(messageContext({ language: 'de', sepaQrCid: 'sepa-qr@relance' }));
    expect(m.html).toContain(
      '<img src="cid:sepa-qr@relance" alt="SEPA-QR-Code (GiroCode) für die Überweisung"',
    );
  });

  it('leaves no image when there is no QR code', () => {
    const m = renderMessage(messageContext({ language: 'de', sepaQrCid: null }));
    expect(m.html).not.toContain('<img');
  });
});

describe('HTML document', () => {
  it('declares the language and charset and lists every invoice in a table', () => {
    const m = renderMessage(messageContext({ language: 'nl', templateKey: 'reminder_2', tone: 3 }));
    expect(m.html).toMatch(/^<!DOCTYPE html>\n<html lang="nl">/);
    expect(m.html).toContain('<meta charset="utf-8">');
    expect(m.html.match(/<tbody><tr>/g)).toHaveLength(1);
    expect(m.html.match(/<\/tr>/g)?.length).toBeGreaterThanOrEqual(3);
    expect(m.html).toMatch(/<th[^>]*>Vervaldatum<\/th>/);
  });
});
