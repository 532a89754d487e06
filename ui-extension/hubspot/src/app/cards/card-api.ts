// What the card reads from Relance's backend (GET /hubspot/card/company/:companyId) and how it
// formats it. Amounts are integer minor units; `currencies` gives each currency's decimals.

export const BACKEND = 'https://app.relance.example/hubspot/card';

export interface AgingRow {
  currency: string;
  not_due: number;
  d1_30: number;
  d31_60: number;
  d61_90: number;
  d90_plus: number;
  total: number;
}

export interface CardInvoice {
  id: string;
  number: string;
  issueDate: string;
  dueDate: string | null;
  currency: string;
  total: number;
  openBalance: number;
  daysLate: number;
  disputed: boolean;
  paused: boolean;
  promisedDate: string | null;
}

export interface CardData {
  companyId: string;
  customer: { id: string; name: string; paused: boolean };
  aging: AgingRow[];
  invoices: CardInvoice[];
  nextAction: { date: string; label: string; channel: string } | null;
  timeline: { at: string; kind: string; title: string; detail: string; status: string | null }[];
  currencies: Record<string, number>;
}

export interface ApiProblem {
  error: string;
  message: string;
  fields?: { path: string; message: string }[];
}

export function money(minor: number, currency: string, digits: Record<string, number>): string {
  const d = digits[currency] ?? 2;
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  const units = Math.floor(abs / 10 ** d).toLocaleString('en-US');
  const cents = d > 0 ? `.${String(abs % 10 ** d).padStart(d, '0')}` : '';
  return `${sign}${currency} ${units}${cents}`;
}

export function isoDate(d: { year: number; month: number; date: number }): string {
  // DateInput months count from 0, as JavaScript's Date does.
  return `${d.year}-${String(d.month + 1).padStart(2, '0')}-${String(d.date).padStart(2, '0')}`;
}
