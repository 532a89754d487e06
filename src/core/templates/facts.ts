// Everything a message states, computed once and formatted for the language, so the texts of the
// four languages only arrange words around ready-made facts. Values stay raw text here: HTML
// escaping happens when the HTML is written, never earlier (no double escaping, no forgotten case).
import { addDays, compareDates } from '../dates.ts';
import type { Money } from '../money.ts';
import type { Channel, Language } from '../types.ts';
import {
  formatAmount,
  formatDate,
  formatMoneyIn,
  formatPercent,
  joinList,
  totalsByCurrency,
} from './format.ts';
import { legalReferences, type LegalReferences } from './legal-references.ts';
import type { MessageContext, TemplateKey, Tone } from './types.ts';

export interface InvoiceFacts {
  number: string;
  issueDate: string;
  dueDate: string;
  total: string;
  openBalance: string;
  partlyPaid: boolean;
  daysLate: number;
  /** Stated only when the step states fees and the amount was given. */
  interest: string | null;
  compensation: string | null;
  /** As given by the ledger; becomes an href only when it is an http(s) URL. */
  paymentLink: string | null;
}

export interface FeeFacts {
  /** Accrued interest per currency, joined ("€12.30 and $4.10"). */
  interest: string | null;
  /** Annual rate, formatted ("10.15%"), when the caller gave it. */
  interestRate: string | null;
  /** Compensation per invoice when the same for all, else null. */
  compensationEach: string | null;
  compensationTotal: string | null;
  /** How many invoices carry a compensation. */
  compensationCount: number;
  /** Open balances plus interest and compensation, per currency. */
  totalsClaimed: string[];
  totalClaimed: string;
  references: LegalReferences;
}

export interface DiscountFacts {
  number: string;
  percent: string;
  until: string;
}

export interface HistoryFacts {
  on: string;
  templateKey: string;
  channel: Channel;
}

export interface Facts {
  language: Language;
  key: TemplateKey;
  tone: Tone;
  firm: string;
  firmEmail: string | null;
  firmPhone: string | null;
  firmAddress: string | null;
  iban: string | null;
  bic: string | null;
  customer: string;
  contactName: string | null;
  customerPhone: string | null;
  count: number;
  /** Invoice numbers joined for a sentence: "F-1, F-2 and F-3". */
  numbers: string;
  invoices: InvoiceFacts[];
  /** Some invoice has been paid in part: speak of the balance, not the invoice amount. */
  partlyPaid: boolean;
  /** Earliest original due date. */
  dueDate: string;
  /** Most days late among the invoices (0 or less: none is late yet). */
  daysLate: number;
  totalsDue: string[];
  totalDue: string;
  fees: FeeFacts | null;
  discounts: DiscountFacts[];
  newDeadline: string;
  /** True when the new deadline is the (only) original due date: say it once. */
  deadlineIsDueDate: boolean;
  sentOn: string;
  /** One link for the whole message when every invoice has the same one. */
  paymentLink: string | null;
  instalment: { index: number; count: number; dueDate: string; amount: string } | null;
  promisedDate: string | null;
  history: HistoryFacts[];
}

export function buildFacts(ctx: MessageContext, key: TemplateKey): Facts {
  const lang = ctx.language;
  const date = (d: string): string => formatDate(d, lang);
  const joinMoney = (ms: Money[]): string =>
    joinList(
      ms.map((m) => formatMoneyIn(m, lang)),
      lang,
    );
  // No fees before the due date, whatever the step says: nothing is owed on top yet.
  const statesFees = ctx.statesFees && key !== 'heads_up';

  const invoices: InvoiceFacts[] = ctx.invoices.map((inv) => ({
    number: inv.number,
    issueDate: date(inv.issueDate),
    dueDate: date(inv.dueDate),
    total: formatAmount(inv.total, inv.currency, lang),
    openBalance: formatAmount(inv.openBalance, inv.currency, lang),
    partlyPaid: inv.openBalance !== inv.total,
    daysLate: inv.daysLate,
    interest: statesFees && inv.interest !== null ? formatAmount(inv.interest, inv.currency, lang) : null,
    compensation: statesFees && inv.compensation ? formatMoneyIn(inv.compensation, lang) : null,
    paymentLink: inv.paymentLink,
  }));

  const due = totalsByCurrency(ctx.invoices.map((i) => ({ amount: i.openBalance, currency: i.currency })));
  const dueDates = ctx.invoices.map((i) => i.dueDate).sort(compareDates);
  const links = new Set(ctx.invoices.map((i) => i.paymentLink));
  const [onlyLink] = links;

  return {
    language: lang,
    key,
    tone: ctx.tone,
    firm: ctx.firm.name,
    firmEmail: ctx.firm.email,
    firmPhone: ctx.firm.phone,
    firmAddress: ctx.firm.address,
    iban: ctx.firm.iban,
    bic: ctx.firm.bic,
    customer: ctx.customer.name,
    contactName: ctx.customer.contactName?.trim() || null,
    customerPhone: ctx.customer.phone ?? null,
    count: ctx.invoices.length,
    numbers: joinList(
      ctx.invoices.map((i) => i.number),
      lang,
    ),
    invoices,
    partlyPaid: ctx.invoices.some((i) => i.openBalance !== i.total),
    dueDate: date(dueDates[0] as string),
    daysLate: Math.max(...ctx.invoices.map((i) => i.daysLate)),
    totalsDue: due.map((m) => formatMoneyIn(m, lang)),
    totalDue: joinMoney(due),
    fees: statesFees ? feeFacts(ctx, due, joinMoney) : null,
    discounts: discountFacts(ctx, key),
    newDeadline: date(ctx.newDeadline),
    deadlineIsDueDate: new Set(dueDates).size === 1 && dueDates[0] === ctx.newDeadline,
    sentOn: date(ctx.sentOn),
    paymentLink: links.size === 1 && onlyLink ? onlyLink : null,
    instalment: ctx.instalment
      ? {
          index: ctx.instalment.index,
          count: ctx.instalment.count,
          dueDate: date(ctx.instalment.dueDate),
          amount: formatMoneyIn(ctx.instalment.amount, lang),
        }
      : null,
    promisedDate: ctx.promise ? date(ctx.promise.promisedDate) : null,
    history: (ctx.history ?? []).map((h) => ({
      on: date(h.on),
      templateKey: h.templateKey,
      channel: h.channel,
    })),
  };
}

function feeFacts(ctx: MessageContext, due: Money[], joinMoney: (ms: Money[]) => string): FeeFacts | null {
  const lang = ctx.language;
  const interest = ctx.invoices.flatMap((i) =>
    i.interest !== null ? [{ amount: i.interest, currency: i.currency }] : [],
  );
  const compensation = ctx.invoices.flatMap((i) => (i.compensation ? [i.compensation] : []));
  if (interest.length === 0 && compensation.length === 0) return null;

  const distinctEach = new Set(compensation.map((c) => `${c.amount} ${c.currency}`));
  const claimed = totalsByCurrency([...due, ...interest, ...compensation]);
  return {
    interest: interest.length > 0 ? joinMoney(totalsByCurrency(interest)) : null,
    interestRate:
      interest.length > 0 && ctx.interestRatePercent !== null
        ? formatPercent(ctx.interestRatePercent, lang)
        : null,
    compensationEach:
      distinctEach.size === 1 && compensation[0] ? formatMoneyIn(compensation[0], lang) : null,
    compensationTotal: compensation.length > 0 ? joinMoney(totalsByCurrency(compensation)) : null,
    compensationCount: compensation.length,
    totalsClaimed: claimed.map((m) => formatMoneyIn(m, lang)),
    totalClaimed: joinMoney(claimed),
    references: legalReferences(ctx.firm.country, lang),
  };
}

// The discount runs from the issue date; it is offered only while it is still available and the
// invoice is not yet due (a late payer gets no discount).
function discountFacts(ctx: MessageContext, key: TemplateKey): DiscountFacts[] {
  const offer = ctx.earlyPaymentDiscount;
  if (!offer || offer.percent <= 0 || key === 'call' || key === 'agency_review') return [];
  return ctx.invoices.flatMap((inv) => {
    const until = addDays(inv.issueDate, offer.withinDays);
    if (compareDates(ctx.sentOn, until) > 0 || compareDates(ctx.sentOn, inv.dueDate) > 0) return [];
    return [
      {
        number: inv.number,
        percent: formatPercent(offer.percent, ctx.language),
        until: formatDate(until, ctx.language),
      },
    ];
  });
}
