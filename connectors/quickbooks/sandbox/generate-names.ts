// Plausible business customers for generated ledgers: company names, accounts-payable mailboxes,
// contacts, phones and addresses. Domains use the reserved `.example` top-level domain and phone
// numbers the fictional 555-01xx range, so a demo can never e-mail or call a real business.
import type { Random } from './random.ts';
import type { AddressRecord } from './records.ts';

/** A word list written as text: whitespace separates the words. */
function words(text: string): string[] {
  return text.split(/\s+/).filter((w) => w !== '');
}

const PREFIXES = words(`
  Northwind Bluebird Summit Harbor Cedar Granite Silverline Redwood Lakeside Ironbridge Oakmont
  Brightwater Copperfield Westgate Evergreen Stonebrook Pinecrest Maple Riverbend Highland
  Goldengate Blueridge Clearview Falcon Keystone Meridian Pioneer Crescent Horizon Sterling
  Beacon Willow Aspen Coastal Prairie Ridgeway Sunrise Trident Union Vanguard Atlas Boulder
  Canyon Delta Elmwood Foxglove Greenfield Hillside Juniper Kingsley Lighthouse Mosaic Nimbus
  Orchard Parkside Quarry Rosewood Saltmarsh Tidewater Upland
`);
const CORES = words(`
  Logistics Dental Architects Bakery Builders Consulting Design Electric Engineering Farms
  Fitness Foods Freight Furniture Hardware Health Hospitality Imports Interiors Landscaping Legal
  Machining Marketing Media Medical Motors Optics Packaging Plumbing Printing Properties Realty
  Roofing Software Supply Systems Textiles Tools Travel Veterinary Wellness Wholesale Analytics
  Brewing Catering Cleaning Coffee Dairy Events Flooring Glass Labs Lighting Metals Outfitters
  Pharmacy Robotics Solar Studios Signs
`);
const SUFFIXES = ['LLC', 'Inc.', 'Co.', 'Group', 'Ltd.', 'Partners', 'Corp.', '& Sons'];
const GIVEN = words(`
  Alex Maria James Sofia David Emma Daniel Olivia Noah Ava Liam Mia Lucas Chloe Ethan Grace Omar
  Priya Chen Fatima
`);
const FAMILY = words(`
  Smith Garcia Johnson Martin Brown Dubois Miller Nguyen Wilson Lopez Kim Patel Schmidt Rossi
  Clark Lewis Walker Young Hall Wright
`);
const AP_MAILBOXES = ['accounts', 'ap', 'accountspayable', 'invoices', 'billing', 'payables'];
const STREETS = [
  'Main St',
  'Market St',
  'Oak Ave',
  'Pine St',
  'Cedar Rd',
  'Mission Blvd',
  'Harbor Way',
  'Park Ave',
  'Lake Dr',
  'Hill Rd',
  'Elm St',
  'Bay St',
];

interface Place {
  city: string;
  region: string | null;
  postal: () => string;
}
const PLACES: Record<string, Place[]> = {
  US: [
    { city: 'San Francisco', region: 'CA', postal: () => '941' },
    { city: 'Portland', region: 'OR', postal: () => '972' },
    { city: 'Austin', region: 'TX', postal: () => '787' },
    { city: 'Denver', region: 'CO', postal: () => '802' },
    { city: 'Chicago', region: 'IL', postal: () => '606' },
    { city: 'Boston', region: 'MA', postal: () => '021' },
  ],
  FR: [
    { city: 'Lyon', region: null, postal: () => '6900' },
    { city: 'Paris', region: null, postal: () => '7501' },
  ],
  DE: [
    { city: 'Berlin', region: null, postal: () => '1011' },
    { city: 'Hamburg', region: null, postal: () => '2009' },
  ],
  BE: [
    { city: 'Brussels', region: null, postal: () => '100' },
    { city: 'Ghent', region: null, postal: () => '900' },
  ],
  GB: [
    { city: 'London', region: null, postal: () => 'EC1A ' },
    { city: 'Leeds', region: null, postal: () => 'LS1 ' },
  ],
  CA: [
    { city: 'Toronto', region: 'ON', postal: () => 'M5V ' },
    { city: 'Vancouver', region: 'BC', postal: () => 'V6B ' },
  ],
};

/** The country a customer billed in this currency most likely sits in. */
export function countryForCurrency(currency: string, random: Random): string {
  switch (currency) {
    case 'EUR':
      return random.pick(['FR', 'DE', 'BE']);
    case 'GBP':
      return 'GB';
    case 'CAD':
      return 'CA';
    default:
      return 'US';
  }
}

export interface GeneratedParty {
  displayName: string;
  companyName: string;
  givenName: string;
  familyName: string;
  /** Accounts-payable mailbox, a person's mailbox, or none. */
  email: string | null;
  emailIsAccountsPayable: boolean;
  phone: string;
  address: AddressRecord;
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/&/g, 'and')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

export function generateParty(random: Random, country: string, taken: Set<string>): GeneratedParty {
  let companyName = `${random.pick(PREFIXES)} ${random.pick(CORES)} ${random.pick(SUFFIXES)}`;
  const place = random.pick(PLACES[country] ?? (PLACES.US as Place[]));
  if (taken.has(companyName.toLowerCase()))
    companyName = `${companyName.replace(/ [^ ]+$/, '')} of ${place.city}`;
  let displayName = companyName;
  for (let n = 2; taken.has(displayName.toLowerCase()); n++) displayName = `${companyName} (${n})`;
  taken.add(displayName.toLowerCase());

  const givenName = random.pick(GIVEN);
  const familyName = random.pick(FAMILY);
  const domain = `${slug(companyName.replace(/ (LLC|Inc\.|Co\.|Group|Ltd\.|Partners|Corp\.|& Sons)$/, ''))}.example`;
  const kind = random.weighted([
    ['ap', 86],
    ['person', 11],
    ['none', 3],
  ] as const);
  const email =
    kind === 'ap'
      ? `${random.pick(AP_MAILBOXES)}@${domain}`
      : kind === 'person'
        ? `${givenName.toLowerCase()}.${familyName.toLowerCase()}@${domain}`
        : null;
  const postal = place.postal();
  return {
    displayName,
    companyName,
    givenName,
    familyName,
    email,
    emailIsAccountsPayable: kind === 'ap',
    phone: `(${random.int(201, 989)}) 555-01${String(random.int(0, 99)).padStart(2, '0')}`,
    address: {
      line1: `${random.int(1, 2999)} ${random.pick(STREETS)}`,
      city: place.city,
      region: place.region,
      postalCode: postal.endsWith(' ')
        ? `${postal}${random.int(1, 9)}AB`
        : `${postal}${random.int(0, 9)}${postal.length < 4 ? random.int(0, 9) : ''}`,
      country,
    },
  };
}
