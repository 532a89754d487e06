// From the facts of one action (firm, customer, the invoices still open at send time, the step) to
// what every channel sends. Pure: the same input always composes the same message, so a retried
// send states exactly what the first attempt would have stated.
import { effectiveDueDate } from '../core/aging.ts';
import { addDays, compareDates, daysBetween, maxDate } from '../core/dates.ts';
import type { LocalDate } from '../core/dates.ts';
import { lateFees } from '../core/fees.ts';
import type { RateTable } from '../core/interest-rates.ts';
import { totalsByCurrency } from '../core/templates/format.ts';
import { renderMessage } from '../core/templates/index.ts';
import type {
  MessageContext,
  MessageHistoryEntry,
  MessageInvoice,
  RenderedMessage,
} from '../core/templates/index.ts';
import type { Money } from '../core/money.ts';
import type { Channel, Customer, Firm, Invoice, Language } from '../core/types.ts';
import { epcPayload, isValidIban } from './sepa-qr.ts';
import { renderOverride, type TemplateOverride } from '../store/repos/panel/template-overrides.ts';

/** Days the customer is given from the day of sending; a formal notice gives more, as is customary. */
export const DEADLINE_DAYS = 8;
export const FORMAL_NOTICE_DEADLINE_DAYS = 15;
/** Content-ID of the inline SEPA QR image: the HTML refers to it, the e-mail attaches it. */
export const SEPA_QR_CID = 'sepa-qr@relance.invalid';
/** EPC069-12: unstructured remittance information is at most 140 characters. */
const REMITTANCE_MAX = 140;

export interface ComposeStep {
  template: string;
  channel: Channel;
  tone: 1 | 2 | 3 | 4 | 5;
  statesFees: boolean;
  registered: boolean;
}

export interface ComposeInput {
  firm: Firm;
  customer: Customer;
  /** The invoices still open at send time. */
  invoices: Invoice[];
  step: ComposeStep;
  sentOn: LocalDate;
  /** The customer's language, else the firm's. */
  language: Language;
  /** Statutory rate table (configuration); the core's default when absent. */
  rates?: RateTable;
  /** Instalment templates: the instalment the message is about. */
  instalment?: MessageContext['instalment'];
  /** promise_broken: the date that was promised. */
  promise?: MessageContext['promise'];
  history?: readonly MessageHistoryEntry[] | null;
  /** The firm's own wording of this template in this language (template_overrides), if it has one. */
  override?: TemplateOverride | null;
}

export interface ComposedMessage {
  rendered: RenderedMessage;
  newDeadline: LocalDate;
  /** Open balances per currency, first-seen order. */
  totals: Money[];
  /** Interest and fixed compensation stated on this message, per currency (empty when none). */
  feesStated: Money[];
  /** EPC069-12 text when there are EUR invoices and the firm has a valid IBAN. */
  sepa: { payload: string } | null;
  /** What was rendered, kept so a letter can lay out its invoice table and the outbox can record it. */
  context: MessageContext;
}

/** The name the firm signs with and sends under: its trading name, else its registered name. */
export function senderName(firm: Firm): string {
  return firm.sender.name.trim() || firm.name;
}

export function composeMessage(input: ComposeInput): ComposedMessage {
  if (input.invoices.length === 0) throw new RangeError('invoices: nothing open to send about');
  const { firm, step, sentOn } = input;
  // Nothing is owed on top before the due date, whatever the step says.
  const statesFees = step.statesFees && step.template !== 'heads_up';
  let ratePercent: number | null = null;
  const fees: Money[] = [];

  const invoices: MessageInvoice[] = input.invoices.map((inv) => {
    const dueDate = effectiveDueDate(inv);
    const daysLate = Math.max(0, daysBetween(dueDate, sentOn));
    let interest: number | null = null;
    let compensation: Money | null = null;
    if (statesFees && daysLate > 0 && inv.openBalance > 0) {
      const f = lateFees({
        country: firm.country,
        currency: inv.currency,
        openAmount: inv.openBalance,
        dueDate,
        at: sentOn,
        ...(input.rates ? { rates: input.rates } : {}),
      });
      if (firm.fees.statutoryInterest) {
        interest = f.interest;
        ratePercent = f.ratePercent;
        fees.push({ amount: f.interest, currency: inv.currency });
      }
      if (firm.fees.fixedCompensation && f.compensation) {
        compensation = f.compensation;
        fees.push(f.compensation);
      }
    }
    return {
      number: inv.number,
      issueDate: inv.issueDate,
      dueDate,
      currency: inv.currency,
      total: inv.total,
      openBalance: inv.openBalance,
      paymentLink: inv.paymentLink,
      daysLate,
      interest,
      compensation,
    };
  });

  const totals = totalsByCurrency(invoices.map((i) => ({ amount: i.openBalance, currency: i.currency })));
  const sepa = sepaFor(firm, invoices);
  const context: MessageContext = {
    language: input.language,
    templateKey: step.template,
    channel: step.channel,
    tone: step.tone,
    statesFees,
    firm: {
      name: senderName(firm),
      email: firm.sender.email,
      phone: firm.sender.phone,
      address: firm.sender.address,
      iban: firm.sender.iban,
      bic: firm.sender.bic,
      country: firm.country,
    },
    customer: { name: input.customer.name, phone: input.customer.phone },
    invoices,
    newDeadline: newDeadline(input, invoices),
    sentOn,
    interestRatePercent: ratePercent,
    earlyPaymentDiscount: firm.fees.earlyPaymentDiscount,
    instalment: input.instalment ?? null,
    promise: input.promise ?? null,
    sepaQrCid: sepa ? SEPA_QR_CID : null,
    history: input.history ?? null,
  };
  return {
    rendered: input.override ? renderOverride(context, input.override) : renderMessage(context),
    newDeadline: context.newDeadline,
    totals,
    feesStated: totalsByCurrency(fees).filter((m) => m.amount > 0),
    sepa,
    context,
  };
}

function newDeadline(input: ComposeInput, invoices: MessageInvoice[]): LocalDate {
  const { step, sentOn } = input;
  const earliestDue = invoices.map((i) => i.dueDate).sort(compareDates)[0] as LocalDate;
  // A heads-up asks for payment by the due date itself; an instalment reminder by the instalment's.
  if (step.template === 'heads_up' && compareDates(earliestDue, sentOn) >= 0) return earliestDue;
  if (step.template === 'instalment_reminder' && input.instalment) {
    return maxDate(input.instalment.dueDate, sentOn);
  }
  const formal = step.template === 'formal_notice' || step.channel === 'formal_notice';
  return addDays(sentOn, formal ? FORMAL_NOTICE_DEADLINE_DAYS : DEADLINE_DAYS);
}

// The QR pays the open balance of the euro invoices, not the fees: the ledger matches the transfer
// to those invoices, and fees the firm wants paid are invoiced separately (see core/fees.ts).
function sepaFor(firm: Firm, invoices: MessageInvoice[]): { payload: string } | null {
  const iban = firm.sender.iban;
  if (!iban || !isValidIban(iban)) return null;
  const euro = invoices.filter((i) => i.currency === 'EUR' && i.openBalance > 0);
  const amount = euro.reduce((sum, i) => sum + i.openBalance, 0);
  if (euro.length === 0 || amount > 99_999_999_999) return null;
  return {
    payload: epcPayload({
      name: senderName(firm),
      iban,
      bic: firm.sender.bic,
      amount: { amount, currency: 'EUR' },
      remittance: remittanceFor(euro.map((i) => i.number)),
    }),
  };
}

/** Invoice numbers for the transfer's reference, as many as fit in 140 characters. */
export function remittanceFor(numbers: string[]): string {
  let text = '';
  for (const [i, n] of numbers.entries()) {
    const next = text ? `${text} ${n}` : n;
    const more = numbers.length - i - 1;
    // Keep room for " +N" so the payer's bank shows that more invoices are covered.
    if ([...next].length + (more > 0 ? ` +${more}`.length : 0) > REMITTANCE_MAX) {
      const rest = numbers.length - i;
      return text ? `${text} +${rest}` : [...n].slice(0, REMITTANCE_MAX).join('');
    }
    text = next;
  }
  return text;
}
