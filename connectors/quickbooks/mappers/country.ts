// QuickBooks writes countries as codes ("US", "GB", "FRA") or names ("United States", "France").
const NAMES: Record<string, string> = {
  'united states': 'US',
  usa: 'US',
  'united states of america': 'US',
  canada: 'CA',
  'united kingdom': 'GB',
  uk: 'GB',
  'great britain': 'GB',
  england: 'GB',
  france: 'FR',
  australia: 'AU',
  india: 'IN',
  ireland: 'IE',
  germany: 'DE',
  spain: 'ES',
  italy: 'IT',
  belgium: 'BE',
  netherlands: 'NL',
  'new zealand': 'NZ',
  'south africa': 'ZA',
  singapore: 'SG',
};
const ALPHA3: Record<string, string> = {
  USA: 'US',
  CAN: 'CA',
  GBR: 'GB',
  FRA: 'FR',
  AUS: 'AU',
  IND: 'IN',
  IRL: 'IE',
  DEU: 'DE',
  ESP: 'ES',
  ITA: 'IT',
  BEL: 'BE',
  NLD: 'NL',
  NZL: 'NZ',
  ZAF: 'ZA',
  SGP: 'SG',
};

/** ISO 3166-1 alpha-2, or null when the text names no country we know. */
export function countryCode(text: string): string | null {
  const t = text.trim();
  if (/^[A-Za-z]{2}$/.test(t)) return t.toUpperCase() === 'UK' ? 'GB' : t.toUpperCase();
  if (/^[A-Za-z]{3}$/.test(t) && ALPHA3[t.toUpperCase()]) return ALPHA3[t.toUpperCase()] as string;
  return NAMES[t.toLowerCase()] ?? null;
}
