// Due dates from payment terms, the way Xero fills them in when an invoice has none.
import { fromEpochDay } from '../../../src/core/dates.ts';
import type { ContactRecord, OrganisationRecord } from './ledger-types.ts';
import { epochDayOf } from './xero-format.ts';

/** Due date (epoch day) from the contact's terms, or the organisation's when the contact has none. */
export function dueFromTerms(
  date: number,
  contact: ContactRecord,
  org: OrganisationRecord,
  type: 'ACCREC' | 'ACCPAY',
): number {
  const terms =
    (type === 'ACCREC' ? contact.salesTerms : contact.billTerms) ??
    (type === 'ACCREC' ? org.salesTerms : org.billTerms);
  if (terms.type === 'DAYSAFTERBILLDATE') return date + terms.day;
  const [y, m] = fromEpochDay(date).split('-').map(Number) as [number, number];
  // Day `day` of a month, clamped to the month's length (the 31st of February is its last day).
  const dayOfMonth = (year: number, month: number, day: number): number => {
    const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
    return epochDayOf(Date.UTC(year, month - 1, Math.min(Math.max(day, 1), last)));
  };
  switch (terms.type) {
    case 'DAYSAFTERBILLMONTH':
      return dayOfMonth(y, m + 1, 1) - 1 + terms.day;
    case 'OFCURRENTMONTH':
      return Math.max(date, dayOfMonth(y, m, terms.day));
    case 'OFFOLLOWINGMONTH':
      return m === 12 ? dayOfMonth(y + 1, 1, terms.day) : dayOfMonth(y, m + 1, terms.day);
  }
}
