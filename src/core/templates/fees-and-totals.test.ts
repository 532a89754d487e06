import { describe, expect, it } from 'vitest';
import { formatMoney } from '../money.ts';
import { LANGUAGES, type Language } from '../types.ts';
import { formatDate, formatPercent } from './format.ts';
import { invoice, messageContext } from './message-context.fixture.ts';
import { renderMessage } from './render-message.ts';
import { INTERNAL_TEMPLATE_KEYS, TEMPLATE_KEYS } from './types.ts';

const LOCALE: Record<Language, string> = { fr: 'fr-FR', en: 'en-GB', nl: 'nl-NL', de: 'de-DE' };
const fmt = (amount: number, currency: string, lang: Language): string =>
  formatMoney({ amount, currency }, LOCALE[lang]);

/** Words that only a statement of late fees uses, per language. */
const FEE_WORDS: Record<Language, RegExp> = {
  fr: /pénalités|indemnité|L441-10/i,
  en: /interest|compensation|2011\/7/i,
  nl: /handelsrente|vergoeding|2011\/7/i,
  de: /Verzugszinsen|Pauschale|§ 288/i,
};

describe('late fees and interest', () => {
  for (const language of LANGUAGES) {
    it(`states interest, compensation and their legal basis only when the step states fees (${language})`, () => {
      for (const key of TEMPLATE_KEYS.filter((k) => !INTERNAL_TEMPLATE_KEYS.includes(k))) {
        const quiet = renderMessage(messageContext({ templateKey: key, language, statesFees: false }));
        expect(quiet.text, key).not.toMatch(FEE_WORDS[language]);
        expect(quiet.html, key).not.toMatch(FEE_WORDS[language]);
        expect(quiet.sms, key).not.toMatch(FEE_WORDS[language]);
      }
      const firm = renderMessage(
        messageContext({ templateKey: 'formal_reminder', language, statesFees: true, tone: 4 }),
      );
      expect(firm.text).toMatch(FEE_WORDS[language]);
      expect(firm.text).toContain(fmt(2_251 + 801, 'EUR', language));
      expect(firm.text).toContain(fmt(4_000, 'EUR', language));
      expect(firm.text).toContain(formatPercent(10.15, language));
      // Open balances 1 800,00 + 960,50, interest 30,52, compensation 2 × 40,00.
      expect(firm.text).toContain(fmt(276_050 + 3_052 + 8_000, 'EUR', language));
    });

    it(`never mentions fees on a heads-up before the due date, even if asked to (${language})`, () => {
      const m = renderMessage(
        messageContext({
          templateKey: 'heads_up',
          language,
          tone: 1,
          statesFees: true,
          invoices: [invoice({ dueDate: '2026-12-07', daysLate: -8 })],
        }),
      );
      expect(m.text).not.toMatch(FEE_WORDS[language]);
      expect(m.html).not.toMatch(FEE_WORDS[language]);
    });
  }

  it('omits a fee the caller did not compute', () => {
    const m = renderMessage(
      messageContext({
        templateKey: 'formal_notice',
        language: 'en',
        tone: 5,
        statesFees: true,
        invoices: [invoice({ interest: null })],
      }),
    );
    expect(m.text).not.toContain('statutory interest');
    expect(m.text).toContain('fixed compensation for recovery costs of €40.00');
  });

  it('cites the French Code de commerce and the EUR 40 indemnity in French', () => {
    const m = renderMessage(
      messageContext({ templateKey: 'formal_notice', language: 'fr', tone: 5, statesFees: true }),
    );
    expect(m.text).toContain(
      `pénalités de retard au taux annuel de ${formatPercent(10.15, 'fr')} (article L441-10 du Code de commerce)`,
    );
    expect(m.text).toContain(
      `indemnité forfaitaire pour frais de recouvrement de ${fmt(4_000, 'EUR', 'fr')} par facture`,
    );
  });

  it('cites § 288 BGB for Verzugszinsen and the Pauschale in German', () => {
    const m = renderMessage(
      messageContext({ templateKey: 'formal_notice', language: 'de', tone: 5, statesFees: true }),
    );
    expect(m.text).toContain('Verzugszinsen in Höhe von');
    expect(m.text).toContain('(§ 288 Abs. 2 BGB)');
    expect(m.text).toContain(`Pauschale von ${fmt(4_000, 'EUR', 'de')} je Rechnung zu (§ 288 Abs. 5 BGB)`);
  });

  it('speaks of wettelijke handelsrente and a vergoeding van € 40 in Dutch, citing Belgian law for a Belgian firm', () => {
    const ctx = messageContext({ templateKey: 'formal_notice', language: 'nl', tone: 5, statesFees: true });
    const m = renderMessage({ ...ctx, firm: { ...ctx.firm, country: 'BE' } });
    expect(m.text).toContain('wettelijke handelsrente');
    expect(m.text).toContain(`vergoeding van ${fmt(4_000, 'EUR', 'nl')}`);
    expect(m.text).toContain('wet van 2 augustus 2002');
  });
});

describe('totals per currency', () => {
  const ctx = messageContext({
    language: 'en',
    templateKey: 'reminder_2',
    invoices: [
      invoice({ number: 'A-1', currency: 'EUR', total: 100_000, openBalance: 100_000 }),
      invoice({ number: 'A-2', currency: 'EUR', total: 50_000, openBalance: 25_000 }),
      invoice({ number: 'A-3', currency: 'USD', total: 70_000, openBalance: 70_000 }),
    ],
  });

  it('totals each currency on its own and never adds euros to dollars', () => {
    const m = renderMessage(ctx);
    expect(m.text).toContain('Total outstanding: €1,250.00 and US$700.00');
    expect(m.html).toContain('€1,250.00<br>US$700.00');
    expect(m.text).not.toContain('1,950.00');
    expect(m.sms).toContain('€1,250.00 and US$700.00');
  });

  it('states the amount still owed on a part-paid invoice next to its total', () => {
    expect(renderMessage(ctx).text).toContain(
      'Invoice A-2 dated 15 September 2026, due 15 October 2026: €250.00 outstanding of €500.00',
    );
  });

  it('shows one payment link per invoice when the invoices have their own links', () => {
    const m = renderMessage(
      messageContext({
        language: 'en',
        invoices: [
          invoice({ number: 'B-1', paymentLink: 'https://pay.example.com/b1' }),
          invoice({ number: 'B-2', paymentLink: 'https://pay.example.com/b2' }),
        ],
      }),
    );
    expect(m.text).toContain(
      'Invoice B-1: https://pay.example.com/b1\nInvoice B-2: https://pay.example.com/b2',
    );
    expect(m.html).toContain('<a href="https://pay.example.com/b1">Pay online</a>');
    expect(m.html).toContain('<a href="https://pay.example.com/b2">Pay online</a>');
  });
});

describe('early-payment discount', () => {
  const offer = { percent: 2, withinDays: 10 };

  it('is stated on a heads-up while the discount is still available', () => {
    const m = renderMessage(
      messageContext({
        language: 'fr',
        templateKey: 'heads_up',
        tone: 1,
        earlyPaymentDiscount: offer,
        sentOn: '2026-11-05',
        invoices: [invoice({ number: 'E-1', issueDate: '2026-11-01', dueDate: '2026-12-01', daysLate: -26 })],
      }),
    );
    expect(m.text).toContain(
      `Escompte pour paiement anticipé : ${formatPercent(2, 'fr')} si la facture n° E-1 est réglée au plus tard le ${formatDate('2026-11-11', 'fr')}.`,
    );
  });

  it('is not offered once the discount period or the due date has passed', () => {
    const m = renderMessage(
      messageContext({ language: 'fr', templateKey: 'reminder_1', earlyPaymentDiscount: offer }),
    );
    expect(m.text).not.toContain('Escompte');
  });
});
