// Customers, attachables, terms, CompanyInfo and Preferences as the QuickBooks Online API returns them.
import type { Company } from './company.ts';
import { renderId } from './company.ts';
import { formatQboDateTime } from './qbo-time.ts';
import type { AttachableRecord, CustomerRecord, TermRecord } from './records.ts';
import { address, currencyRef, decimal, metaData, type QboJson } from './render-common.ts';

export function renderCustomer(customer: CustomerRecord): QboJson {
  const balance = decimal(customer.balanceMinor, customer.currency);
  const out: QboJson = {
    Taxable: false,
    Job: false,
    BillWithParent: false,
    Balance: balance,
    BalanceWithJobs: balance,
    CurrencyRef: currencyRef(customer.currency),
    PreferredDeliveryMethod: customer.preferredDelivery,
    IsProject: false,
    domain: 'QBO',
    sparse: false,
    Id: String(customer.id),
    SyncToken: String(customer.syncToken),
    MetaData: metaData(customer),
  };
  if (customer.address) out.BillAddr = address(customer.address, String(customer.id * 10));
  if (customer.givenName !== null) out.GivenName = customer.givenName;
  if (customer.familyName !== null) out.FamilyName = customer.familyName;
  out.FullyQualifiedName = customer.displayName;
  if (customer.companyName !== null) out.CompanyName = customer.companyName;
  out.DisplayName = customer.displayName;
  out.PrintOnCheckName = customer.companyName ?? customer.displayName;
  out.Active = customer.active;
  if (customer.phone !== null) out.PrimaryPhone = { FreeFormNumber: customer.phone };
  if (customer.email !== null) out.PrimaryEmailAddr = { Address: customer.email };
  if (customer.termId !== null) out.SalesTermRef = { value: String(customer.termId) };
  return out;
}

export function renderAttachable(attachable: AttachableRecord): QboJson {
  const out: QboJson = {};
  if (attachable.fileName !== null) out.FileName = attachable.fileName;
  if (attachable.note !== null) out.Note = attachable.note;
  out.AttachableRef = attachable.refs.map((ref) => ({
    EntityRef: { type: ref.type, value: ref.value },
    IncludeOnSend: ref.includeOnSend,
  }));
  out.domain = 'QBO';
  out.sparse = false;
  out.Id = renderId('Attachable', attachable.id);
  out.SyncToken = String(attachable.syncToken);
  out.MetaData = metaData(attachable);
  return out;
}

export function renderTerm(company: Company, term: TermRecord): QboJson {
  const created = company.profile.createdMs;
  return {
    Name: term.name,
    Active: term.active,
    Type: 'STANDARD',
    DueDays: term.dueDays,
    domain: 'QBO',
    sparse: false,
    Id: String(term.id),
    SyncToken: '0',
    MetaData: metaData({ createdMs: created, updatedMs: created }),
  };
}

export function renderCompanyInfo(company: Company): QboJson {
  const p = company.profile;
  const addr = address(p.address);
  return {
    CompanyName: p.companyName,
    LegalName: p.legalName,
    CompanyAddr: addr,
    CustomerCommunicationAddr: addr,
    LegalAddr: addr,
    CustomerCommunicationEmailAddr: { Address: p.email },
    PrimaryPhone: { FreeFormNumber: p.phone },
    CompanyStartDate: formatQboDateTime(p.createdMs).slice(0, 10),
    FiscalYearStartMonth: 'January',
    Country: p.country,
    Email: { Address: p.email },
    WebAddr: {},
    SupportedLanguages: 'en',
    NameValue: [
      { Name: 'NeoEnabled', Value: 'true' },
      { Name: 'IndustryType', Value: 'Professional services' },
      { Name: 'SubscriptionStatus', Value: 'PAID' },
      { Name: 'OfferingSku', Value: 'QuickBooks Online Plus' },
    ],
    domain: 'QBO',
    sparse: false,
    Id: '1',
    SyncToken: '0',
    MetaData: metaData({ createdMs: p.createdMs, updatedMs: p.createdMs }),
  };
}

export function renderPreferences(company: Company): QboJson {
  const p = company.profile;
  const multiCurrency = [...company.customers.values()].some((c) => c.currency !== p.currency);
  const customFieldPrefs = p.customFieldNames.flatMap((name, i) => [
    { Name: `SalesFormsPrefs.UseSalesCustom${i + 1}`, Type: 'BooleanType', BooleanValue: true },
    { Name: `SalesFormsPrefs.SalesCustomName${i + 1}`, Type: 'StringType', StringValue: name },
  ]);
  return {
    AccountingInfoPrefs: {
      TrackDepartments: false,
      ClassTrackingPerTxn: false,
      CustomerTerminology: 'Customers',
    },
    SalesFormsPrefs: {
      CustomField: [{ CustomField: customFieldPrefs }],
      AllowDeposit: false,
      AllowDiscount: true,
      DefaultTerms: { value: '3' },
      ETransactionEnabledStatus: 'NotApplicable',
      IPNSupportEnabled: false,
      UsingPriceLevels: false,
    },
    CurrencyPrefs: { MultiCurrencyEnabled: multiCurrency, HomeCurrency: { value: p.currency } },
    EmailMessagesPrefs: { InvoiceMessage: { Subject: `Invoice [Invoice No.] from ${p.companyName}` } },
    domain: 'QBO',
    sparse: false,
    Id: '1',
    SyncToken: '0',
    MetaData: metaData({ createdMs: p.createdMs, updatedMs: p.createdMs }),
  };
}
