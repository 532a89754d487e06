// Invoices, payments and credit memos as the QuickBooks Online API returns them (minorversion 75).
import { createHash } from 'node:crypto';
import { minorDigits } from '../../../src/core/money.ts';
import type { Company } from './company.ts';
import { formatQboDateTime } from './qbo-time.ts';
import type { CreditMemoRecord, InvoiceRecord, PaymentRecord } from './records.ts';
import { address, currencyRef, decimal, metaData, type QboJson } from './render-common.ts';

export interface RenderOptions {
  /** `include=invoiceLink`: add InvoiceLink to invoices that accept online payment. */
  invoiceLink?: boolean;
}

function customerRef(company: Company, customerId: number): QboJson {
  const customer = company.customers.get(customerId);
  return customer ? { value: String(customerId), name: customer.displayName } : { value: String(customerId) };
}

function salesLines(description: string, amount: number): QboJson[] {
  return [
    {
      Id: '1',
      LineNum: 1,
      Description: description,
      Amount: amount,
      DetailType: 'SalesItemLineDetail',
      SalesItemLineDetail: {
        ItemRef: { value: '1', name: 'Services' },
        UnitPrice: amount,
        Qty: 1,
        ItemAccountRef: { value: '1', name: 'Services' },
        TaxCodeRef: { value: 'NON' },
      },
    },
    { Amount: amount, DetailType: 'SubTotalLineDetail', SubTotalLineDetail: {} },
  ];
}

/** A stable, unguessable-looking payment-portal link, as QuickBooks Payments issues per invoice. */
export function invoiceLinkFor(realmId: string, invoiceId: number): string {
  const token = createHash('sha256').update(`${realmId}:${invoiceId}`).digest('hex');
  return `https://connect.intuit.com/portal/app/CommerceNetwork/view/scs-v1-${token}?locale=en_US&cta=v3invoicelink`;
}

function customFields(company: Company, values: (string | null)[] | null): QboJson[] {
  return company.profile.customFieldNames.map((name, index) => {
    const field: QboJson = { DefinitionId: String(index + 1), Name: name, Type: 'StringType' };
    const value = values?.[index];
    if (value !== null && value !== undefined) field.StringValue = value;
    return field;
  });
}

function inHomeCurrency(
  minor: number,
  doc: { currency: string; exchangeRate: number },
  home: string,
): number {
  const scale = 10 ** (minorDigits(home) - minorDigits(doc.currency));
  return decimal(Math.round(minor * doc.exchangeRate * scale), home);
}

export function renderInvoice(
  company: Company,
  invoice: InvoiceRecord,
  options: RenderOptions = {},
): QboJson {
  const total = decimal(invoice.totalMinor, invoice.currency);
  const customer = company.customers.get(invoice.customerId);
  const out: QboJson = {
    AllowIPNPayment: false,
    AllowOnlinePayment: false,
    AllowOnlineCreditCardPayment: invoice.onlinePayment,
    AllowOnlineACHPayment: invoice.onlinePayment,
    domain: 'QBO',
    sparse: false,
    Id: String(invoice.id),
    SyncToken: String(invoice.syncToken),
    MetaData: metaData(invoice),
    CustomField: customFields(company, invoice.customFields),
    DocNumber: invoice.docNumber,
    TxnDate: invoice.txnDate,
    CurrencyRef: currencyRef(invoice.currency),
    ExchangeRate: invoice.exchangeRate,
    LinkedTxn: invoice.paymentIds.map((id) => ({ TxnId: String(id), TxnType: 'Payment' })),
    Line: salesLines(invoice.description, total),
    TxnTaxDetail: { TotalTax: 0 },
    CustomerRef: customerRef(company, invoice.customerId),
  };
  if (invoice.customerMemo !== null) out.CustomerMemo = { value: invoice.customerMemo };
  if (customer?.address) out.BillAddr = address(customer.address, String(customer.id * 10));
  if (invoice.termId !== null) out.SalesTermRef = { value: String(invoice.termId) };
  out.DueDate = invoice.dueDate;
  out.TotalAmt = total;
  const home = company.profile.currency;
  if (invoice.currency !== home) {
    // Foreign-currency invoices also carry their amounts in the home currency, at the invoice's rate.
    out.HomeTotalAmt = inHomeCurrency(invoice.totalMinor, invoice, home);
    out.HomeBalance = inHomeCurrency(invoice.balanceMinor, invoice, home);
  }
  out.ApplyTaxAfterDiscount = false;
  out.PrintStatus = invoice.printStatus;
  out.EmailStatus = invoice.emailStatus;
  if (invoice.billEmail !== null) out.BillEmail = { Address: invoice.billEmail };
  out.Balance = decimal(invoice.balanceMinor, invoice.currency);
  if (invoice.sentMs !== null)
    out.DeliveryInfo = { DeliveryType: 'Email', DeliveryTime: formatQboDateTime(invoice.sentMs) };
  if (invoice.privateNote !== null) out.PrivateNote = invoice.privateNote;
  if (options.invoiceLink && invoice.onlinePayment && !invoice.voided) {
    out.InvoiceLink = invoiceLinkFor(company.realmId, invoice.id);
  }
  return out;
}

export function renderPayment(company: Company, payment: PaymentRecord): QboJson {
  const out: QboJson = {
    CustomerRef: customerRef(company, payment.customerId),
    DepositToAccountRef: { value: '4' },
    TotalAmt: decimal(payment.totalMinor, payment.currency),
    UnappliedAmt: decimal(payment.unappliedMinor, payment.currency),
    ProcessPayment: false,
    domain: 'QBO',
    sparse: false,
    Id: String(payment.id),
    SyncToken: String(payment.syncToken),
    MetaData: metaData(payment),
    TxnDate: payment.txnDate,
    CurrencyRef: currencyRef(payment.currency),
    ExchangeRate: payment.exchangeRate,
    Line: payment.lines.map((line) => ({
      Amount: decimal(line.amountMinor, payment.currency),
      LinkedTxn: [{ TxnId: String(line.txnId), TxnType: line.kind }],
    })),
  };
  if (payment.reference !== null) out.PaymentRefNum = payment.reference;
  if (payment.privateNote !== null) out.PrivateNote = payment.privateNote;
  return out;
}

export function renderCreditMemo(company: Company, memo: CreditMemoRecord): QboJson {
  const total = decimal(memo.totalMinor, memo.currency);
  const customer = company.customers.get(memo.customerId);
  const out: QboJson = {
    RemainingCredit: decimal(memo.remainingMinor, memo.currency),
    domain: 'QBO',
    sparse: false,
    Id: String(memo.id),
    SyncToken: String(memo.syncToken),
    MetaData: metaData(memo),
    CustomField: customFields(company, null),
    DocNumber: memo.docNumber,
    TxnDate: memo.txnDate,
    CurrencyRef: currencyRef(memo.currency),
    ExchangeRate: memo.exchangeRate,
    Line: salesLines(memo.description, total),
    TxnTaxDetail: { TotalTax: 0 },
    CustomerRef: customerRef(company, memo.customerId),
  };
  if (customer?.email) out.BillEmail = { Address: customer.email };
  out.TotalAmt = total;
  out.ApplyTaxAfterDiscount = false;
  out.PrintStatus = 'NotSet';
  out.EmailStatus = 'NotSet';
  out.Balance = decimal(memo.remainingMinor, memo.currency);
  if (memo.privateNote !== null) out.PrivateNote = memo.privateNote;
  return out;
}
