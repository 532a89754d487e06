// A deterministic, realistic set of Xero books for tests, the benchmark and the demo: customers
// and suppliers with their AP mailboxes and payment terms, sales invoices and bills over a span of
// days, payments (exactly as many as asked), credit notes and a few drafts, voids and deletions.
// 100,000 invoices and payments take a couple of seconds; records are compact (ids, integers).
import { isLocalDate, toEpochDay, type LocalDate } from '../../../src/core/dates.ts';
import { isCurrencyCode } from '../../../src/core/money.ts';
import { generateContacts } from './generate-contacts.ts';
import { placeCreditNotes, placePayments } from './generate-settlements.ts';
import type {
  ContactRecord,
  InvoiceRecord,
  InvoiceStatus,
  LineRecord,
  OrganisationRecord,
  XeroLedgerData,
} from './ledger-types.ts';
import { dueFromTerms } from './payment-terms.ts';
import { buildOrganisation } from './organisation-presets.ts';
import { createRandom, type Random } from './random.ts';
import { buildLine, documentTotals } from './tax.ts';
import { startOfEpochDay } from './xero-format.ts';

export interface GenerateXeroLedgerOptions {
  seed: string | number;
  contacts: number;
  invoices: number;
  /** Exactly this many payments are placed (full, instalments, partial). */
  payments: number;
  /** Default: 2 % of invoices (fewer if not enough invoices are open). */
  creditNotes?: number;
  /** The organisation's country (tax rate, legal suffixes); default BE. */
  countryCode?: string;
  /** First is the base currency; others are some customers' currencies. Default: the country's. */
  currencies?: string[];
  /** The books' "today". Fixed by default so a seed always gives the same books. */
  asOf?: LocalDate;
  /** How many days of history before asOf. Default 540. */
  spanDays?: number;
  /** Share of invoices that are sales invoices (ACCREC); the rest are bills. Default 0.8. */
  salesShare?: number;
}

export interface GeneratedXeroLedger extends XeroLedgerData {
  asOf: LocalDate;
  baseCurrency: string;
}

const PER_USD: Record<string, number> = {
  USD: 1,
  EUR: 0.92,
  GBP: 0.79,
  NZD: 1.65,
  AUD: 1.52,
  CAD: 1.36,
  CHF: 0.88,
  JPY: 150,
  SEK: 10.5,
  DKK: 6.9,
  NOK: 10.6,
  PLN: 4,
};

export function currencyRate(currency: string, base: string): number {
  const a = PER_USD[currency];
  const b = PER_USD[base];
  return a && b ? Math.round((a / b) * 1e6) / 1e6 : 1;
}

function check(options: GenerateXeroLedgerOptions): void {
  for (const key of ['contacts', 'invoices', 'payments'] as const) {
    if (!Number.isSafeInteger(options[key]) || options[key] < 0)
      throw new RangeError(`${key}: expected a whole number ≥ 0, got ${options[key]}`);
  }
  if (options.invoices > 0 && options.contacts === 0)
    throw new RangeError('contacts: invoices need at least one contact');
  if (options.asOf !== undefined && !isLocalDate(options.asOf))
    throw new RangeError(`asOf: expected YYYY-MM-DD, got "${options.asOf}"`);
  for (const c of options.currencies ?? [])
    if (!isCurrencyCode(c)) throw new RangeError(`currencies: unknown currency "${c}"`);
}

export function generateXeroLedger(options: GenerateXeroLedgerOptions): GeneratedXeroLedger {
  check(options);
  const random = createRandom(options.seed);
  const org = buildOrganisation({ name: 'generator', countryCode: options.countryCode ?? 'BE' });
  const currencies = options.currencies?.length ? options.currencies : [org.baseCurrency];
  const base = currencies[0] as string;
  org.baseCurrency = base;
  const asOf = options.asOf ?? '2026-01-31';
  const asOfDay = toEpochDay(asOf);
  const span = options.spanDays ?? 540;
  const { contacts, behaviours } = generateContacts(
    random,
    options.contacts,
    org,
    currencies,
    asOfDay - span,
    span,
  );
  const invoices = generateInvoices(random, options, org, contacts, asOfDay, span);
  const settled = placePayments(random, invoices, behaviours, options.payments, asOfDay);
  const credits = placeCreditNotes(
    random,
    invoices,
    options.creditNotes ?? Math.round(options.invoices * 0.02),
    asOfDay,
    org,
  );
  for (const inv of invoices) {
    // push() leaves spare capacity behind; exact-size copies keep 100,000 invoices small.
    if (inv.paymentIds.length > 0) inv.paymentIds = inv.paymentIds.slice();
    if (inv.allocationIds.length > 0) inv.allocationIds = inv.allocationIds.slice();
  }
  return {
    asOf,
    baseCurrency: base,
    contacts,
    invoices,
    payments: settled,
    creditNotes: credits.creditNotes,
    allocations: credits.allocations,
  };
}

const LINE_COUNTS = [1, 1, 1, 2, 2, 3];
const QUANTITIES = [1, 1, 1, 2, 3, 5, 10];
const DESCRIPTIONS = [
  'Consulting services',
  'Monthly maintenance',
  'Installation work',
  'Materials supplied',
  'Design fee',
  'Support hours',
  'Delivery and handling',
  'Annual licence',
  'Training session',
  'Repair work',
];

function generateInvoices(
  random: Random,
  options: GenerateXeroLedgerOptions,
  org: OrganisationRecord,
  contacts: ContactRecord[],
  asOfDay: number,
  span: number,
): InvoiceRecord[] {
  const customers = contacts.filter((c) => c.isCustomer);
  const suppliers = contacts.filter((c) => c.isSupplier);
  const salesShare = options.salesShare ?? 0.8;
  const drafts: { type: 'ACCREC' | 'ACCPAY'; contact: ContactRecord; date: number }[] = [];
  for (let i = 0; i < options.invoices; i++) {
    const sales = suppliers.length === 0 || (customers.length > 0 && random.chance(salesShare));
    const pool = sales ? customers : suppliers;
    // A few customers account for most invoices, as in real books.
    const contact = pool[Math.floor(pool.length * random.next() ** 2)] as ContactRecord;
    drafts.push({
      type: sales ? 'ACCREC' : 'ACCPAY',
      contact,
      date: asOfDay - span + Math.floor(random.next() * span),
    });
  }
  drafts.sort((a, b) => a.date - b.date);
  let salesNumber = 0;
  return drafts.map(({ type, contact, date }) => {
    const sales = type === 'ACCREC';
    const currency = contact.defaultCurrency ?? org.baseCurrency;
    const lineCount = random.pick(LINE_COUNTS);
    const lineAmountTypes = org.salesTaxBasisPoints === 0 ? 'NoTax' : 'Exclusive';
    const lines: LineRecord[] = Array.from({ length: lineCount }, () => {
      const major = 10 ** (1.3 + 2.2 * random.next()) * (random.chance(0.02) ? 10 : 1);
      const unitAmount = Math.max(100, Math.round(major * 100));
      return buildLine(
        {
          description: random.pick(DESCRIPTIONS),
          quantity: random.pick(QUANTITIES),
          unitAmount: currency === 'JPY' ? Math.round(unitAmount / 100) : unitAmount,
          accountCode: sales ? org.salesAccountCode : org.purchasesAccountCode,
          taxType: sales ? org.salesTaxType : org.purchasesTaxType,
        },
        lineAmountTypes,
        org.salesTaxBasisPoints,
      );
    });
    const age = asOfDay - date;
    const roll = random.next();
    const status: InvoiceStatus =
      roll < (age < 30 ? 0.12 : 0.01)
        ? 'DRAFT'
        : roll < 0.13 && age < 30
          ? 'SUBMITTED'
          : roll > 0.97
            ? 'VOIDED'
            : roll > 0.96
              ? 'DELETED'
              : 'AUTHORISED';
    const created = startOfEpochDay(date) + random.int(8, 17) * 3_600_000 + random.int(0, 3_599_999);
    const closedLater =
      status === 'VOIDED' || status === 'DELETED'
        ? Math.min(startOfEpochDay(asOfDay), created + random.int(1, 20) * 86_400_000)
        : created;
    return {
      id: random.uuid(),
      number: sales
        ? `INV-${String(++salesNumber).padStart(4, '0')}`
        : `${contact.name.slice(0, 3).toUpperCase()}-${random.int(10_000, 99_999)}`,
      type,
      status,
      contactId: contact.id,
      date,
      dueDate: dueFromTerms(date, contact, org, type),
      expectedPaymentDate: null,
      currency,
      currencyRate: currencyRate(currency, org.baseCurrency),
      reference: sales && random.chance(0.4) ? `PO ${random.int(1000, 99_999)}` : '',
      lineAmountTypes,
      lines,
      ...documentTotals(lines, lineAmountTypes),
      amountPaid: 0,
      amountCredited: 0,
      paymentIds: [],
      allocationIds: [],
      sentToContact: status === 'AUTHORISED' && sales && random.chance(0.92),
      fullyPaidOn: null,
      hasAttachments: random.chance(0.05),
      updatedAt: closedLater,
    };
  });
}
