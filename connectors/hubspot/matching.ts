// Which HubSpot company an accounting customer is: first by e-mail domain (free-mail domains say
// nothing about the company), then by normalised name. Two or more candidates is ambiguous and is
// never resolved by guessing: a person chooses.

export interface CompanyRecord {
  id: string;
  name: string | null;
  domains: string[];
  ownerId: string | null;
}

export interface CustomerRecord {
  id: string;
  name: string;
  emails: string[];
}

export type MatchResult =
  | { status: 'linked'; method: 'domain' | 'name'; company: CompanyRecord }
  | { status: 'ambiguous'; method: 'domain' | 'name'; candidates: CompanyRecord[] }
  | { status: 'unmatched' };

export const FREE_MAIL_DOMAINS = new Set([
  'gmail.com',
  'googlemail.com',
  'yahoo.com',
  'yahoo.fr',
  'yahoo.co.uk',
  'ymail.com',
  'hotmail.com',
  'hotmail.fr',
  'hotmail.co.uk',
  'hotmail.be',
  'outlook.com',
  'outlook.fr',
  'live.com',
  'live.fr',
  'live.be',
  'live.nl',
  'msn.com',
  'aol.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'gmx.de',
  'gmx.net',
  'gmx.fr',
  'web.de',
  't-online.de',
  'orange.fr',
  'wanadoo.fr',
  'free.fr',
  'sfr.fr',
  'laposte.net',
  'skynet.be',
  'telenet.be',
  'proton.me',
  'protonmail.com',
  'ziggo.nl',
  'kpnmail.nl',
  'hetnet.nl',
  'planet.nl',
  'mail.com',
  'zoho.com',
  'yandex.com',
  'yandex.ru',
  'qq.com',
  '163.com',
]);

const LEGAL_FORMS = new Set([
  'sa',
  'sas',
  'sasu',
  'sarl',
  'eurl',
  'sci',
  'snc',
  'scop',
  'gmbh',
  'ag',
  'kg',
  'ohg',
  'ug',
  'ev',
  'bv',
  'nv',
  'vof',
  'bvba',
  'sprl',
  'srl',
  'cv',
  'ltd',
  'limited',
  'llc',
  'inc',
  'incorporated',
  'corp',
  'corporation',
  'plc',
  'llp',
  'co',
  'company',
  'cie',
  'et',
  'and',
  'the',
]);

export function normaliseDomain(d: string): string | null {
  const s = d
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/^www\./, '')
    .replace(/[/?#].*$/, '');
  return /^[a-z0-9.-]+\.[a-z]{2,}$/.test(s) ? s : null;
}

/** The company domains an e-mail address can tell, or none for free-mail and malformed addresses. */
export function emailDomain(email: string): string | null {
  const at = email.lastIndexOf('@');
  if (at < 0) return null;
  const d = normaliseDomain(email.slice(at + 1));
  return d && !FREE_MAIL_DOMAINS.has(d) ? d : null;
}

/** "Garage Lefèvre S.A.R.L." and "garage lefevre" are the same name. */
export function normaliseName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/\b([a-z])\.(?=[a-z]\.?)/g, '$1') // S.A.R.L. → sarl
    .replace(/[^a-z0-9]+/g, ' ')
    .split(' ')
    .filter((w) => w && !LEGAL_FORMS.has(w))
    .join(' ');
}

export class CompanyIndex {
  private readonly byDomain = new Map<string, CompanyRecord[]>();
  private readonly byName = new Map<string, CompanyRecord[]>();

  add(c: CompanyRecord): void {
    for (const d of new Set(c.domains.map(normaliseDomain).filter((x): x is string => x !== null)))
      push(this.byDomain, d, c);
    const n = c.name ? normaliseName(c.name) : '';
    if (n) push(this.byName, n, c);
  }

  match(customer: CustomerRecord): MatchResult {
    const domains = new Set(customer.emails.map(emailDomain).filter((d): d is string => d !== null));
    const byDomain = unique(
      [...domains].flatMap((d) => {
        // billing.acme.com belongs to acme.com
        const parts = d.split('.');
        const tails = parts.slice(0, -1).map((_, i) => parts.slice(i).join('.'));
        return tails.flatMap((t) => this.byDomain.get(t) ?? []);
      }),
    );
    if (byDomain.length === 1)
      return { status: 'linked', method: 'domain', company: byDomain[0] as CompanyRecord };
    if (byDomain.length > 1) return { status: 'ambiguous', method: 'domain', candidates: byDomain };
    const byName = unique(this.byName.get(normaliseName(customer.name)) ?? []);
    if (byName.length === 1) return { status: 'linked', method: 'name', company: byName[0] as CompanyRecord };
    if (byName.length > 1) return { status: 'ambiguous', method: 'name', candidates: byName };
    return { status: 'unmatched' };
  }
}

function push(m: Map<string, CompanyRecord[]>, k: string, c: CompanyRecord): void {
  const list = m.get(k);
  if (list) list.push(c);
  else m.set(k, [c]);
}

function unique(list: CompanyRecord[]): CompanyRecord[] {
  const seen = new Set<string>();
  return list.filter((c) => !seen.has(c.id) && (seen.add(c.id), true));
}
