import { describe, expect, it } from 'vitest';
import { lateFees } from '../core/fees.ts';
import { formatAmount } from '../core/templates/format.ts';
import { SEPA_QR_CID, composeMessage, remittanceFor } from './compose.ts';
import { composeInput, firm, invoice } from './test-fixtures.ts';

const formalReminder = {
  template: 'formal_reminder',
  channel: 'email' as const,
  tone: 4 as const,
  statesFees: true,
  registered: false,
};

describe('composeMessage', () => {
  it('states no fees on a step that does not state them', () => {
    const out = composeMessage(composeInput());
    expect(out.context.invoices.map((i) => [i.interest, i.compensation])).toEqual([
      [null, null],
      [null, null],
    ]);
    expect(out.feesStated).toEqual([]);
    expect(out.rendered.text).not.toContain(formatAmount(4_000, 'EUR', 'fr'));
  });

  it('states interest and the EUR 40 compensation per invoice on a step that states fees', () => {
    const out = composeMessage(composeInput({ step: formalReminder }));
    const expected = lateFees({
      country: 'FR',
      currency: 'EUR',
      openAmount: 180_000,
      dueDate: '2026-10-15',
      at: '2026-11-30',
    });
    const [first, second] = out.context.invoices;
    expect(first?.interest).toBe(expected.interest);
    expect(first?.interest).toBeGreaterThan(0);
    expect(first?.compensation).toEqual({ amount: 4_000, currency: 'EUR' });
    expect(second?.compensation).toEqual({ amount: 4_000, currency: 'EUR' });
    expect(out.context.interestRatePercent).toBe(expected.ratePercent);
    const interestTotal = (first?.interest ?? 0) + (second?.interest ?? 0);
    expect(out.feesStated).toEqual([{ amount: interestTotal + 8_000, currency: 'EUR' }]);
    expect(out.rendered.text).toContain(formatAmount(4_000, 'EUR', 'fr'));
  });

  it('leaves out what the firm chose not to claim', () => {
    const quiet = firm({
      fees: { statutoryInterest: false, fixedCompensation: true, earlyPaymentDiscount: null },
    });
    const out = composeMessage(composeInput({ firm: quiet, step: formalReminder }));
    expect(out.context.invoices.every((i) => i.interest === null)).toBe(true);
    expect(out.context.invoices.every((i) => i.compensation?.amount === 4_000)).toBe(true);
  });

  it('states no fees on a heads-up, even when the step is marked to', () => {
    const out = composeMessage(
      composeInput({
        step: { ...formalReminder, template: 'heads_up', tone: 1 },
        sentOn: '2026-10-08',
        invoices: [invoice()],
      }),
    );
    expect(out.context.statesFees).toBe(false);
    expect(out.feesStated).toEqual([]);
  });

  it('totals the open balances per currency without mixing them', () => {
    const out = composeMessage(
      composeInput({
        invoices: [
          invoice(),
          invoice({ id: 'u1', number: 'US-1', currency: 'USD', total: 50_000, openBalance: 50_000 }),
          invoice({ id: 'e2', number: 'F-2', openBalance: 1_000, total: 1_000 }),
        ],
      }),
    );
    expect(out.totals).toEqual([
      { amount: 181_000, currency: 'EUR' },
      { amount: 50_000, currency: 'USD' },
    ]);
  });

  it('gives eight days from sending, fifteen for a formal notice, and the due date for a heads-up', () => {
    expect(composeMessage(composeInput()).newDeadline).toBe('2026-12-08');
    const notice = {
      ...formalReminder,
      template: 'formal_notice',
      channel: 'formal_notice' as const,
      tone: 5 as const,
    };
    expect(composeMessage(composeInput({ step: notice })).newDeadline).toBe('2026-12-15');
    const headsUp = { ...formalReminder, template: 'heads_up', tone: 1 as const, statesFees: false };
    const early = composeMessage(
      composeInput({ step: headsUp, sentOn: '2026-10-08', invoices: [invoice()] }),
    );
    expect(early.newDeadline).toBe('2026-10-15');
  });

  it('treats an invoice without a due date as due on its issue date', () => {
    const out = composeMessage(composeInput({ invoices: [invoice({ dueDate: null })] }));
    expect(out.context.invoices[0]?.dueDate).toBe('2026-09-15');
    expect(out.context.invoices[0]?.daysLate).toBe(76);
  });

  it('builds a SEPA payload for the euro balance when the firm has an IBAN, and points the HTML at the QR', () => {
    const out = composeMessage(
      composeInput({
        invoices: [...composeInput().invoices, invoice({ id: 'u1', number: 'US-1', currency: 'USD' })],
      }),
    );
    expect(out.sepa?.payload.split('\n')).toEqual([
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
    ]);
    expect(out.rendered.html).toContain(`cid:${SEPA_QR_CID}`);
  });

  it('builds no SEPA payload without euro invoices, without an IBAN, or with an invalid one', () => {
    const dollars = composeInput({ invoices: [invoice({ currency: 'USD' })] });
    expect(composeMessage(dollars).sepa).toBeNull();
    expect(composeMessage(dollars).rendered.html).not.toContain('cid:');
    expect(composeMessage(composeInput({ firm: firm({}, { iban: null }) })).sepa).toBeNull();
    expect(composeMessage(composeInput({ firm: firm({}, { iban: 'FR76 0000 0000 0000' }) })).sepa).toBeNull();
  });

  it('refuses to compose a message about no invoice', () => {
    expect(() => composeMessage(composeInput({ invoices: [] }))).toThrow(/invoices/);
  });
});

describe('remittanceFor', () => {
  it('lists as many invoice numbers as fit in 140 characters and counts the rest', () => {
    const numbers = Array.from({ length: 30 }, (_, i) => `INV-2026-${String(i).padStart(4, '0')}`);
    const text = remittanceFor(numbers);
    expect([...text].length).toBeLessThanOrEqual(140);
    const shown = text.split(' ').filter((t) => t.startsWith('INV-'));
    expect(text.endsWith(` +${30 - shown.length}`)).toBe(true);
    expect(shown).toEqual(numbers.slice(0, shown.length));
  });
});
