// Contacts, the organisation and history records in Xero's JSON shape.
import type {
  AddressRecord,
  ContactRecord,
  HistoryEntry,
  OrganisationRecord,
  PaymentTermsRecord,
} from './ledger-types.ts';
import type { OrganisationLedger } from './organisation-ledger.ts';
import { amount, msDateTime, utcLocalString, envelopeDateTime } from './xero-format.ts';

type Json = Record<string, unknown>;
export type ContactView = 'list' | 'summary' | 'embedded';

/** The short contact Xero nests in list responses. */
export function renderContactRef(c: ContactRecord): Json {
  return {
    ContactID: c.id,
    Name: c.name,
    Addresses: [],
    Phones: [],
    ContactGroups: [],
    ContactPersons: [],
    HasValidationErrors: false,
  };
}

function renderAddress(a: AddressRecord): Json {
  return {
    AddressType: a.type,
    AddressLine1: a.line1,
    City: a.city,
    Region: a.region,
    PostalCode: a.postalCode,
    Country: a.country,
    AttentionTo: a.attentionTo,
  };
}

function renderTerms(t: PaymentTermsRecord): Json {
  return { Day: t.day, Type: t.type };
}

/** Outstanding and overdue per side, in the documents' own currencies (Xero does not convert). */
function balances(ledger: OrganisationLedger, c: ContactRecord): Json {
  const today = ledger.today();
  const sums = { ACCREC: { out: 0, over: 0 }, ACCPAY: { out: 0, over: 0 } };
  let currency = c.defaultCurrency ?? ledger.org.baseCurrency;
  for (const inv of ledger.invoicesOf(c.id)) {
    if (inv.status !== 'AUTHORISED') continue;
    const due = ledger.amountDue(inv);
    sums[inv.type].out += due;
    if (inv.dueDate !== null && inv.dueDate < today) sums[inv.type].over += due;
    currency = inv.currency;
  }
  return {
    AccountsReceivable: {
      Outstanding: amount(sums.ACCREC.out, currency),
      Overdue: amount(sums.ACCREC.over, currency),
    },
    AccountsPayable: {
      Outstanding: amount(sums.ACCPAY.out, currency),
      Overdue: amount(sums.ACCPAY.over, currency),
    },
  };
}

export function renderContact(ledger: OrganisationLedger, c: ContactRecord, view: ContactView): Json {
  const out: Json = { ContactID: c.id };
  if (c.contactNumber) out.ContactNumber = c.contactNumber;
  if (c.accountNumber) out.AccountNumber = c.accountNumber;
  out.ContactStatus = c.status;
  out.Name = c.name;
  if (c.firstName) out.FirstName = c.firstName;
  if (c.lastName) out.LastName = c.lastName;
  out.EmailAddress = c.email;
  out.BankAccountDetails = '';
  if (c.taxNumber) out.TaxNumber = c.taxNumber;
  out.Addresses = c.addresses.map(renderAddress);
  out.Phones = c.phones.map((p) => ({
    PhoneType: p.type,
    PhoneNumber: p.number,
    PhoneAreaCode: p.areaCode,
    PhoneCountryCode: p.countryCode,
  }));
  out.UpdatedDateUTC = msDateTime(c.updatedAt);
  out.ContactGroups = [];
  if (c.website) out.Website = c.website;
  out.IsSupplier = c.isSupplier;
  out.IsCustomer = c.isCustomer;
  if (c.defaultCurrency) out.DefaultCurrency = c.defaultCurrency;
  if (c.salesTerms || c.billTerms) {
    out.PaymentTerms = {
      ...(c.billTerms ? { Bills: renderTerms(c.billTerms) } : {}),
      ...(c.salesTerms ? { Sales: renderTerms(c.salesTerms) } : {}),
    };
  }
  out.SalesTrackingCategories = [];
  out.PurchasesTrackingCategories = [];
  if (view === 'list') out.Balances = balances(ledger, c);
  out.ContactPersons = c.persons.map((p) => ({
    FirstName: p.firstName,
    LastName: p.lastName,
    EmailAddress: p.email,
    IncludeInEmails: p.includeInEmails,
  }));
  out.HasAttachments = false;
  out.HasValidationErrors = false;
  return out;
}

export function renderOrganisation(org: OrganisationRecord): Json {
  return {
    APIKey: org.apiKey,
    Name: org.name,
    LegalName: org.legalName,
    PaysTax: org.salesTaxBasisPoints > 0,
    Version: org.version,
    OrganisationType: 'COMPANY',
    BaseCurrency: org.baseCurrency,
    CountryCode: org.countryCode,
    IsDemoCompany: false,
    OrganisationStatus: 'ACTIVE',
    RegistrationNumber: org.registrationNumber,
    TaxNumber: org.taxNumber,
    FinancialYearEndDay: 31,
    FinancialYearEndMonth: 12,
    SalesTaxBasis: 'ACCRUALS',
    SalesTaxPeriod: 'QUARTERLY',
    DefaultSalesTax: 'Tax Exclusive',
    DefaultPurchasesTax: 'Tax Exclusive',
    CreatedDateUTC: envelopeDateTime(org.createdAt),
    OrganisationEntityType: 'COMPANY',
    Timezone: org.timezone,
    ShortCode: org.shortCode,
    OrganisationID: org.tenantId,
    Edition: 'BUSINESS',
    Class: 'PREMIUM',
    LineOfBusiness: org.lineOfBusiness,
    Addresses: [
      {
        AddressType: org.address.type,
        AddressLine1: org.address.line1,
        City: org.address.city,
        Region: org.address.region,
        PostalCode: org.address.postalCode,
        Country: org.address.country,
        AttentionTo: org.address.attentionTo,
      },
    ],
    Phones: [{ PhoneType: 'OFFICE', PhoneNumber: org.phone, PhoneAreaCode: '', PhoneCountryCode: '' }],
    ExternalLinks: [],
    PaymentTerms: { Bills: renderTerms(org.billTerms), Sales: renderTerms(org.salesTerms) },
  };
}

export function renderHistory(entry: HistoryEntry): Json {
  return {
    Changes: entry.changes,
    DateUTCString: utcLocalString(entry.at),
    DateUTC: msDateTime(entry.at),
    User: entry.user,
    Details: entry.details,
  };
}
