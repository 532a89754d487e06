import { describe, expect, it } from 'vitest';
import { formatMoney } from '../money.ts';
import { CHANNELS, LANGUAGES, type Language } from '../types.ts';
import { escapeHtml, formatDate } from './format.ts';
import { invoice, messageContext } from './message-context.fixture.ts';
import { renderMessage } from './render-message.ts';
import { INTERNAL_TEMPLATE_KEYS, TEMPLATE_KEYS, type RenderedMessage } from './types.ts';

const LOCALE: Record<Language, string> = { fr: 'fr-FR', en: 'en-GB', nl: 'nl-NL', de: 'de-DE' };
const eur = (minor: number, lang: Language): string =>
  formatMoney({ amount: minor, currency: 'EUR' }, LOCALE[lang]);
const CUSTOMER_KEYS = TEMPLATE_KEYS.filter((k) => !INTERNAL_TEMPLATE_KEYS.includes(k));

function fields(m: RenderedMessage): [string, string][] {
  return [
    ['subject', m.subject],
    ['text', m.text],
    ['html', m.html],
    ['sms', m.sms],
    ['letter.title', m.letter.title],
    ['letter.salutation', m.letter.salutation],
    ['letter.closing', m.letter.closing],
    ['letter.signature', m.letter.signature],
    ['task.title', m.task.title],
    ['task.body', m.task.body],
    ...m.letter.paragraphs.map((p, n): [string, string] => [`letter.paragraphs[${n}]`, p]),
  ];
}

describe('renderMessage: every key, language and channel', () => {
  for (const key of TEMPLATE_KEYS) {
    for (const language of LANGUAGES) {
      it(`renders ${key} in ${language} with every field filled for every channel`, () => {
        for (const channel of CHANNELS) {
          for (const statesFees of [false, true]) {
            const m = renderMessage(
              messageContext({ templateKey: key, language, channel, statesFees, tone: 3 }),
            );
            expect(m.letter.paragraphs.length).toBeGreaterThan(0);
            for (const [name, value] of fields(m)) {
              expect(value.trim(), name).not.toBe('');
              expect(value, name).not.toMatch(/undefined|NaN|\[object|\bnull\b/);
            }
          }
        }
      });
    }
  }
});

describe('renderMessage: what every reminder states', () => {
  for (const key of CUSTOMER_KEYS) {
    for (const language of LANGUAGES) {
      it(`states invoices, dates, amounts, deadline, payment link and contact in ${key} (${language})`, () => {
        const ctx = messageContext({ templateKey: key, language });
        const m = renderMessage(ctx);
        const facts = [
          ...ctx.invoices.flatMap((i) => [
            i.number,
            formatDate(i.issueDate, language),
            formatDate(i.dueDate, language),
            eur(i.openBalance, language),
          ]),
          formatDate(ctx.newDeadline, language),
          'https://pay.example.com/inv/0117?t=ab&c=1',
          ctx.firm.email as string,
          ctx.firm.phone as string,
          ctx.firm.name,
        ];
        for (const fact of facts) {
          expect(m.text).toContain(fact);
          expect(m.html).toContain(escapeHtml(fact));
          expect(m.letter.paragraphs.join('\n') + m.letter.signature).toContain(fact);
        }
        expect(m.html).toContain('href="https://pay.example.com/inv/0117?t=ab&amp;c=1"');
      });
    }
  }

  it('signs with the firm and addresses the named contact', () => {
    const m = renderMessage(messageContext({ language: 'en', templateKey: 'reminder_2', tone: 3 }));
    expect(m.text).toMatch(/^Dear Claire Martin,/);
    expect(m.text.trimEnd()).toMatch(/Kind regards,\nMenuiserie Lambert SARL\n8 quai Saint-Vincent/);
    expect(m.text).not.toMatch(/no-?reply/i);
  });

  it('states the instalment of a payment plan with its number, amount and date', () => {
    const m = renderMessage(messageContext({ language: 'de', templateKey: 'instalment_missed', tone: 3 }));
    expect(m.text).toContain(`Rate 2 von 4 über ${eur(69_013, 'de')}`);
    expect(m.text).toContain(formatDate('2026-12-05', 'de'));
  });

  it('recalls the broken promise and its date', () => {
    const m = renderMessage(messageContext({ language: 'nl', templateKey: 'promise_broken', tone: 4 }));
    expect(m.text).toContain(`uiterlijk op ${formatDate('2026-11-20', 'nl')} betaald zouden worden`);
    expect(m.sms).toContain(formatDate('2026-11-20', 'nl'));
  });

  it('writes a plain-text part with no HTML in it', () => {
    for (const key of CUSTOMER_KEYS) {
      for (const language of LANGUAGES) {
        const m = renderMessage(messageContext({ templateKey: key, language, statesFees: true, tone: 4 }));
        expect(m.text).not.toMatch(/<\/?[a-z][^>]*>|&amp;|&lt;|&nbsp;/i);
      }
    }
  });
});

describe('renderMessage: tone', () => {
  const FORMAL_TITLES: Record<Language, string> = {
    fr: 'Mise en demeure de payer',
    en: 'Letter before action',
    nl: 'Ingebrekestelling',
    de: 'Letzte Mahnung vor gerichtlichen Schritten',
  };
  for (const language of LANGUAGES) {
    it(`gives the formal notice its formal title and a final deadline in ${language}`, () => {
      const m = renderMessage(
        messageContext({ templateKey: 'formal_notice', language, tone: 5, statesFees: true }),
      );
      expect(m.text).toContain(FORMAL_TITLES[language]);
      expect(m.html).toContain(`<h1 style="font-size:20px;">${FORMAL_TITLES[language]}</h1>`);
      expect(m.subject).toContain(FORMAL_TITLES[language]);
      expect(m.letter.title).toBe(FORMAL_TITLES[language]);
      expect(m.text).toContain(formatDate('2026-12-07', language));
    });
  }

  it('announces hand-over to collection or legal action in the formal notice', () => {
    const texts = LANGUAGES.map(
      (language) => renderMessage(messageContext({ templateKey: 'formal_notice', language, tone: 5 })).text,
    );
    expect(texts[0]).toMatch(/société de recouvrement ou engagerons une procédure judiciaire/);
    expect(texts[1]).toMatch(/debt collection agency or start legal proceedings/);
    expect(texts[2]).toMatch(/incassobureau of starten wij een gerechtelijke procedure/);
    expect(texts[3]).toMatch(/Inkassounternehmen übergeben oder gerichtlich geltend machen/);
  });

  it('is friendly at tone 1 and formal at tone 5', () => {
    const friendly = renderMessage(messageContext({ templateKey: 'heads_up', language: 'fr', tone: 1 }));
    const formal = renderMessage(messageContext({ templateKey: 'formal_notice', language: 'fr', tone: 5 }));
    expect(friendly.letter.salutation).toBe('Bonjour Claire Martin,');
    expect(friendly.letter.closing).toBe('Cordialement,');
    expect(formal.letter.salutation).toBe('Madame, Monsieur,');
    expect(formal.letter.closing).toContain('salutations distinguées');
  });

  it('tells the customer to disregard a friendly reminder already paid, but not a formal notice', () => {
    const reminder = renderMessage(messageContext({ templateKey: 'reminder_1', language: 'en' }));
    const notice = renderMessage(messageContext({ templateKey: 'formal_notice', language: 'en', tone: 5 }));
    expect(reminder.text).toContain('If you have paid in the meantime');
    expect(notice.text).not.toContain('disregard');
  });
});

describe('renderMessage: internal tasks', () => {
  it('writes a call script saying who to call, what is owed, the history and what to ask for', () => {
    const m = renderMessage(
      messageContext({ templateKey: 'call', language: 'en', channel: 'call', tone: 3 }),
    );
    expect(m.task.title).toBe(`Call Boulangerie Martin: ${eur(276_050, 'en')} overdue`);
    for (const fact of [
      'ask for Claire Martin (+33 6 12 34 56 78)',
      'F-2026-0117',
      'F-2026-0142',
      `${formatDate('2026-10-16', 'en')}: first reminder (e-mail)`,
      `Promised to pay by ${formatDate('2026-11-20', 'en')}: promise not kept.`,
      `A firm payment date, by ${formatDate('2026-12-07', 'en')} at the latest`,
      'the reason (quality, wrong invoice, cannot pay, other)',
      'https://pay.example.com/inv/0117?t=ab&c=1',
    ]) {
      expect(m.task.body).toContain(fact);
    }
    expect(m.letter.salutation).toBe('Internal note: not for the customer.');
  });

  it('summarises the case for the person deciding on an agency hand-off', () => {
    const m = renderMessage(
      messageContext({
        templateKey: 'agency_review',
        language: 'fr',
        channel: 'agency_review',
        statesFees: true,
      }),
    );
    expect(m.task.title).toContain('Décider du recouvrement : Boulangerie Martin');
    expect(m.task.body).toContain(
      `${eur(276_050, 'fr')} sur 2 factures, la plus ancienne en retard de 45 jours`,
    );
    expect(m.task.body).toContain('25 à 50 %');
    expect(m.task.body).toContain(`${formatDate('2026-10-23', 'fr')} : deuxième rappel (e-mail)`);
    expect(m.task.body).toContain(`indemnité forfaitaire ${eur(8_000, 'fr')}`);
  });

  it('names an unknown earlier step by its key rather than failing', () => {
    const m = renderMessage(
      messageContext({
        templateKey: 'call',
        language: 'de',
        history: [{ on: '2026-11-02', templateKey: 'custom_nudge', channel: 'sms' }],
      }),
    );
    expect(m.task.body).toContain(`${formatDate('2026-11-02', 'de')}: custom_nudge (SMS)`);
  });
});

describe('renderMessage: contract', () => {
  it('refuses an unknown template key, naming the field', () => {
    expect(() => renderMessage(messageContext({ templateKey: 'reminder_9' }))).toThrow(
      /templateKey: unknown template/,
    );
  });

  it('refuses an instalment message without its instalment', () => {
    expect(() =>
      renderMessage(messageContext({ templateKey: 'instalment_missed', instalment: null })),
    ).toThrow(/instalment:/);
  });

  it('refuses a message with no invoice', () => {
    expect(() => renderMessage(messageContext({ invoices: [] }))).toThrow(/invoices:/);
  });

  it('renders the same message twice from the same context', () => {
    const ctx = messageContext({ templateKey: 'formal_reminder', statesFees: true, invoices: [invoice()] });
    expect(renderMessage(ctx)).toEqual(renderMessage(ctx));
  });
});
