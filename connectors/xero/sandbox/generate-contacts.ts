// Generated contacts: customers and suppliers with AP mailboxes (some missing), contact persons
// (some included in invoice e-mails), phones, addresses, payment terms, a second currency for a
// few, and a payment behaviour per customer that the payment placement follows.
import type { Behaviour } from './generate-settlements.ts';
import type { ContactRecord, OrganisationRecord, PaymentTermsRecord, PhoneRecord } from './ledger-types.ts';
import { apMailbox, companyName, domainSlug, personName } from './names.ts';
import type { Random } from './random.ts';
import { startOfEpochDay } from './xero-format.ts';

const PERSON_COUNTS = [0, 0, 1, 1, 1, 2, 3];
const STREETS = ['Rue de la Loi', 'Station Road', 'Kerkstraat', 'Hauptstraße', 'Queen Street'];
const SALES_TERMS: readonly PaymentTermsRecord[] = [
  { day: 14, type: 'DAYSAFTERBILLDATE' },
  { day: 30, type: 'DAYSAFTERBILLDATE' },
  { day: 45, type: 'DAYSAFTERBILLDATE' },
  { day: 60, type: 'DAYSAFTERBILLDATE' },
  { day: 20, type: 'OFFOLLOWINGMONTH' },
];

export function generateContacts(
  random: Random,
  count: number,
  org: OrganisationRecord,
  currencies: string[],
  startDay: number,
  span: number,
): { contacts: ContactRecord[]; behaviours: Map<string, Behaviour> } {
  const contacts: ContactRecord[] = [];
  const behaviours = new Map<string, Behaviour>();
  const names = new Set<string>();
  for (let i = 0; i < count; i++) {
    const roll = random.next();
    const isSupplier = roll < 0.17;
    const isCustomer = roll >= 0.12;
    let name = companyName(random, org.countryCode, !isCustomer);
    if (names.has(name)) name = `${name} (${i})`;
    names.add(name);
    const domain = `${domainSlug(name)}.example`;
    const contactPerson = personName(random);
    const persons = [];
    const personCount = random.pick(PERSON_COUNTS);
    for (let p = 0; p < personCount; p++) {
      const person = p === 0 ? contactPerson : personName(random);
      persons.push({
        ...person,
        email: `${person.firstName
          .toLowerCase()
          .normalize('NFD')
          .replace(/[^a-z]/g, '')}@${domain}`,
        includeInEmails: random.chance(0.6),
      });
    }
    const foreign = currencies.length > 1 && random.chance(0.1);
    const phones: PhoneRecord[] = [
      {
        type: 'DEFAULT',
        number: random.chance(0.9) ? `${random.int(200, 999)} ${random.int(1000, 9999)}` : '',
        areaCode: String(random.int(2, 99)),
        countryCode: '',
      },
      { type: 'DDI', number: '', areaCode: '', countryCode: '' },
      { type: 'FAX', number: '', areaCode: '', countryCode: '' },
      {
        type: 'MOBILE',
        number: random.chance(0.4)
          ? `4${random.int(10, 99)} ${random.int(100, 999)} ${random.int(100, 999)}`
          : '',
        areaCode: '',
        countryCode: '',
      },
    ];
    const contact: ContactRecord = {
      id: random.uuid(),
      contactNumber: '',
      accountNumber: random.chance(0.3) ? `C${String(i + 1).padStart(5, '0')}` : '',
      status: random.chance(0.03) ? 'ARCHIVED' : 'ACTIVE',
      name,
      firstName: contactPerson.firstName,
      lastName: contactPerson.lastName,
      email: random.chance(0.92) ? `${apMailbox(random)}@${domain}` : '',
      persons,
      phones,
      addresses: [
        {
          type: 'POBOX',
          line1: `${random.int(1, 250)} ${random.pick(STREETS)}`,
          city: org.address.city,
          region: org.address.region,
          postalCode: org.address.postalCode,
          country: org.address.country,
          attentionTo: random.chance(0.3) ? 'Accounts Payable' : '',
        },
        { type: 'STREET', line1: '', city: '', region: '', postalCode: '', country: '', attentionTo: '' },
      ],
      taxNumber: random.chance(0.7) ? `${org.countryCode}${random.int(100_000_000, 999_999_999)}` : '',
      salesTerms: random.chance(0.3) ? random.pick(SALES_TERMS) : null,
      billTerms: isSupplier && random.chance(0.5) ? { day: 30, type: 'DAYSAFTERBILLDATE' } : null,
      defaultCurrency: foreign ? random.pick(currencies.slice(1)) : null,
      isCustomer,
      isSupplier,
      website: random.chance(0.5) ? `https://www.${domain}` : '',
      updatedAt:
        startOfEpochDay(startDay + random.int(0, Math.max(0, span - 1))) +
        random.int(8, 18) * 3_600_000 +
        random.int(0, 3_599_999),
    };
    contacts.push(contact);
    const b = random.next();
    behaviours.set(
      contact.id,
      b < 0.45 ? 'prompt' : b < 0.75 ? 'late' : b < 0.9 ? 'slow' : b < 0.97 ? 'bad' : 'never',
    );
  }
  return { contacts, behaviours };
}
