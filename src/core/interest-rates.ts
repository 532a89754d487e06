// Statutory late-payment rates as dated configuration, not constants.
//
// A reference series lists, per half-year, the reference rate that the law fixes for it: the rate in
// force on 1 January for January–June and on 1 July for July–December (Directive 2011/7/EU art. 2(12);
// FR Code de commerce L441-10; DE § 247 BGB; BE Act of 2 August 2002 art. 5), or for Great Britain the
// Bank of England base rate in force on 31 December / 30 June before the half-year (Late Payment of
// Commercial Debts (Rate of Interest) (No. 3) Order 2002). Each country rule names its series, the
// points added (dated), and the fixed recovery compensation per currency.
//
// THE FIGURES BELOW ARE THE BEST KNOWN WHEN WRITTEN (checked through 1 January 2026). They must be
// checked against the official publications (ECB, Deutsche Bundesbank, Bank of England, Moniteur
// belge, Légifrance) and extended each half-year; a firm or operator can override any part of the
// table with `parseRateTable` (e.g. from a JSON file). After `checkedThrough`, lookups return the last
// known rate marked `provisional`, so a statement can say so instead of inventing a figure.
import { z } from 'zod';
import { isLocalDate } from './dates.ts';
import type { LocalDate } from './dates.ts';

const localDate = z.string().refine(isLocalDate, 'must be a YYYY-MM-DD calendar date');
const percent = z
  .number()
  .finite()
  .refine((x) => Math.abs(x * 1000 - Math.round(x * 1000)) < 1e-6, 'must have at most three decimals');

const RateEntrySchema = z.object({ from: localDate, ratePercent: percent });

const ReferenceSeriesSchema = z.object({
  source: z.string().min(1),
  /** The last half-year start whose rate was checked against the official publication. */
  checkedThrough: localDate,
  entries: z.array(RateEntrySchema).min(1),
});

const CompensationSchema = z.object({
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an upper-case ISO 4217 code'),
  /** Tiers by open amount (minor units): the tier with the highest `fromAmount` not above the debt applies. */
  tiers: z
    .array(z.object({ fromAmount: z.number().int().nonnegative(), amount: z.number().int().positive() }))
    .min(1),
});

const CountryRuleSchema = z.object({
  law: z.string().min(1),
  series: z.string().min(1),
  points: z.array(z.object({ from: localDate, points: percent })).min(1),
  /** Belgium: the statutory rate is rounded up to the next half percentage point. */
  roundUpToHalfPoint: z.boolean().default(false),
  compensation: z.array(CompensationSchema).default([]),
});

export const RateTableSchema = z
  .object({
    series: z.record(z.string().min(1), ReferenceSeriesSchema),
    countries: z.record(
      z.string().regex(/^([A-Z]{2}|default)$/, 'must be an ISO 3166-1 alpha-2 code or "default"'),
      CountryRuleSchema,
    ),
  })
  .superRefine((table, ctx) => {
    if (!table.countries['default']) {
      ctx.addIssue({ code: 'custom', path: ['countries', 'default'], message: 'a default rule is required' });
    }
    for (const [country, rule] of Object.entries(table.countries)) {
      if (!table.series[rule.series]) {
        ctx.addIssue({
          code: 'custom',
          path: ['countries', country, 'series'],
          message: `names unknown series "${rule.series}"`,
        });
      }
    }
  });

export type RateTable = z.infer<typeof RateTableSchema>;
export type CountryRule = z.infer<typeof CountryRuleSchema>;

/** An override: any series (merged entry by entry on `from`) and any country rule (replaced whole). */
export const RateTableOverrideSchema = z.object({
  series: z.record(z.string().min(1), ReferenceSeriesSchema).optional(),
  countries: z.record(z.string(), CountryRuleSchema).optional(),
});

const euro40 = [{ currency: 'EUR', tiers: [{ fromAmount: 0, amount: 4000 }] }];

export const DEFAULT_RATE_TABLE: RateTable = RateTableSchema.parse({
  series: {
    ecb_mro: {
      source: 'ECB main refinancing operations rate in force on 1 January / 1 July',
      checkedThrough: '2026-01-01',
      entries: [
        { from: '2022-01-01', ratePercent: 0 },
        { from: '2022-07-01', ratePercent: 0 },
        { from: '2023-01-01', ratePercent: 2.5 },
        { from: '2023-07-01', ratePercent: 4 },
        { from: '2024-01-01', ratePercent: 4.5 },
        { from: '2024-07-01', ratePercent: 4.25 },
        { from: '2025-01-01', ratePercent: 3.15 },
        { from: '2025-07-01', ratePercent: 2.15 },
        { from: '2026-01-01', ratePercent: 2.15 },
      ],
    },
    bundesbank_base: {
      source: 'Deutsche Bundesbank Basiszinssatz (§ 247 BGB) from 1 January / 1 July',
      checkedThrough: '2026-01-01',
      entries: [
        { from: '2022-01-01', ratePercent: -0.88 },
        { from: '2022-07-01', ratePercent: -0.88 },
        { from: '2023-01-01', ratePercent: 1.62 },
        { from: '2023-07-01', ratePercent: 3.12 },
        { from: '2024-01-01', ratePercent: 3.62 },
        { from: '2024-07-01', ratePercent: 3.37 },
        { from: '2025-01-01', ratePercent: 2.27 },
        { from: '2025-07-01', ratePercent: 1.27 },
        { from: '2026-01-01', ratePercent: 1.27 },
      ],
    },
    boe_base: {
      source: 'Bank of England base rate in force on 31 December / 30 June before the half-year',
      checkedThrough: '2026-01-01',
      entries: [
        { from: '2022-01-01', ratePercent: 0.25 },
        { from: '2022-07-01', ratePercent: 1.25 },
        { from: '2023-01-01', ratePercent: 3.5 },
        { from: '2023-07-01', ratePercent: 5 },
        { from: '2024-01-01', ratePercent: 5.25 },
        { from: '2024-07-01', ratePercent: 5.25 },
        { from: '2025-01-01', ratePercent: 4.75 },
        { from: '2025-07-01', ratePercent: 4.25 },
        { from: '2026-01-01', ratePercent: 3.75 },
      ],
    },
  },
  countries: {
    default: {
      law: 'Directive 2011/7/EU (late payment in commercial transactions)',
      series: 'ecb_mro',
      points: [{ from: '2013-03-16', points: 8 }],
      compensation: euro40,
    },
    FR: {
      law: 'Code de commerce, art. L441-10 and D441-5',
      series: 'ecb_mro',
      points: [{ from: '2009-01-01', points: 10 }],
      compensation: euro40,
    },
    DE: {
      law: 'BGB § 288 (2) and (5)',
      series: 'bundesbank_base',
      points: [
        { from: '2002-01-01', points: 8 },
        { from: '2014-07-29', points: 9 },
      ],
      compensation: euro40,
    },
    BE: {
      law: 'Loi du 2 août 2002 / Wet van 2 augustus 2002, art. 5 and 6',
      series: 'ecb_mro',
      points: [{ from: '2002-08-07', points: 8 }],
      roundUpToHalfPoint: true,
      compensation: euro40,
    },
    GB: {
      law: 'Late Payment of Commercial Debts (Interest) Act 1998, s. 5A; Rate of Interest (No. 3) Order 2002',
      series: 'boe_base',
      points: [{ from: '2002-08-07', points: 8 }],
      compensation: [
        {
          currency: 'GBP',
          tiers: [
            { fromAmount: 0, amount: 4000 },
            { fromAmount: 100_000, amount: 7000 },
            { fromAmount: 1_000_000, amount: 10_000 },
          ],
        },
      ],
    },
  },
});

/**
 * Parses an override from outside (JSON) and merges it over `base`: series entries replace those with
 * the same `from` and add the rest; country rules replace the base rule for that country. Throws a
 * RangeError naming the field when the input or the merged table is invalid.
 */
export function parseRateTable(input: unknown, base: RateTable = DEFAULT_RATE_TABLE): RateTable {
  const override = RateTableOverrideSchema.safeParse(input);
  if (!override.success) throw new RangeError(`invalid rate table: ${describeIssues(override.error)}`);
  const series = { ...base.series };
  for (const [name, s] of Object.entries(override.data.series ?? {})) {
    const byDate = new Map((series[name]?.entries ?? []).map((e) => [e.from, e]));
    for (const e of s.entries) byDate.set(e.from, e);
    series[name] = { ...s, entries: [...byDate.values()] };
  }
  const merged = RateTableSchema.safeParse({
    series,
    countries: { ...base.countries, ...override.data.countries },
  });
  if (!merged.success) throw new RangeError(`invalid rate table: ${describeIssues(merged.error)}`);
  return merged.data;
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('; ');
}

export function countryRule(country: string, table: RateTable = DEFAULT_RATE_TABLE): CountryRule {
  return (table.countries[country.toUpperCase()] ?? table.countries['default']) as CountryRule;
}

/** 1 January or 1 July: the start of the half-year containing `date`. */
export function halfYearStart(date: LocalDate): LocalDate {
  return `${date.slice(0, 4)}-${Number(date.slice(5, 7)) <= 6 ? '01' : '07'}-01`;
}

/** The first day of the next half-year after the one containing `date`. */
export function nextHalfYearStart(date: LocalDate): LocalDate {
  const year = Number(date.slice(0, 4));
  return Number(date.slice(5, 7)) <= 6 ? `${year}-07-01` : `${year + 1}-01-01`;
}

export interface ReferenceRate {
  series: string;
  ratePercent: number;
  /** The half-year start the rate is fixed for. */
  fixedFor: LocalDate;
  /** The table entry used. */
  entryFrom: LocalDate;
  /** True when the half-year is after the series' checked range: the last known rate, to be confirmed. */
  provisional: boolean;
}

/** The reference rate that applies on `date` for the country's rule: the one fixed for its half-year. */
export function referenceRateOn(
  country: string,
  date: LocalDate,
  table: RateTable = DEFAULT_RATE_TABLE,
): ReferenceRate {
  const rule = countryRule(country, table);
  const series = table.series[rule.series];
  const fixedFor = halfYearStart(date);
  const entry = latestFrom(series?.entries ?? [], fixedFor);
  if (!series || !entry) {
    throw new RangeError(
      `no ${rule.series} reference rate for ${country} on ${date}: the table starts later`,
    );
  }
  return {
    series: rule.series,
    ratePercent: entry.ratePercent,
    fixedFor,
    entryFrom: entry.from,
    provisional: fixedFor > series.checkedThrough,
  };
}

export interface StatutoryRate {
  reference: ReferenceRate;
  points: number;
  /** Annual percent: reference + points, rounded where the country's law says so. */
  ratePercent: number;
  /** The same in thousandths of a percent, for exact arithmetic. */
  rateMilliPercent: number;
}

/** The statutory annual late-payment rate on `date`: reference rate of the half-year + points in force. */
export function statutoryRateOn(
  country: string,
  date: LocalDate,
  table: RateTable = DEFAULT_RATE_TABLE,
): StatutoryRate {
  const rule = countryRule(country, table);
  const reference = referenceRateOn(country, date, table);
  const pointsEntry = latestFrom(rule.points, date);
  if (!pointsEntry) throw new RangeError(`no statutory points for ${country} on ${date}`);
  let milli = Math.round(reference.ratePercent * 1000) + Math.round(pointsEntry.points * 1000);
  if (rule.roundUpToHalfPoint) milli = Math.ceil(milli / 500) * 500;
  return { reference, points: pointsEntry.points, ratePercent: milli / 1000, rateMilliPercent: milli };
}

/** Dates after `date` (up to and including `until`) on which the country's points change. */
export function pointsChangesBetween(
  country: string,
  date: LocalDate,
  until: LocalDate,
  table: RateTable = DEFAULT_RATE_TABLE,
): LocalDate[] {
  return countryRule(country, table)
    .points.map((p) => p.from)
    .filter((d) => d > date && d <= until)
    .sort();
}

function latestFrom<T extends { from: LocalDate }>(entries: readonly T[], date: LocalDate): T | undefined {
  let best: T | undefined;
  for (const e of entries) if (e.from <= date && (!best || e.from > best.from)) best = e;
  return best;
}
