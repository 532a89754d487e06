// Flags are parsed by node's parseArgs (strict: an unknown flag is an error) and then validated by a
// zod schema, so every mistake is one clear line naming the flag.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { z } from 'zod';
import { isLocalDate } from '../core/dates.ts';

export class UsageError extends Error {
  override name = 'UsageError';
}

export function parseFlags<S extends z.ZodType>(
  argv: string[],
  options: NonNullable<ParseArgsConfig['options']>,
  schema: S,
  positionals = 0,
): { values: z.infer<S>; positionals: string[] } {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message.replace(/^.*?Unknown option/, 'unknown option'));
  }
  if (parsed.positionals.length > positionals) {
    throw new UsageError(`unexpected argument "${parsed.positionals[positionals]}"`);
  }
  const result = schema.safeParse(parsed.values);
  if (!result.success) {
    const issue = result.error.issues[0] as z.core.$ZodIssue;
    throw new UsageError(`--${String(issue.path[0])}: ${issue.message}`);
  }
  return { values: result.data, positionals: parsed.positionals };
}

export const dateFlag = z.string().refine(isLocalDate, 'expected a date as YYYY-MM-DD');

/** An instant: full ISO-8601 with a time zone (or Z); a date alone means 12:00 UTC that day. */
export const instantFlag = z
  .string()
  .refine(
    (s) =>
      (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(s) &&
        !Number.isNaN(Date.parse(s))) ||
      isLocalDate(s),
    'expected an ISO-8601 instant such as 2026-12-01T09:30:00Z (or a date YYYY-MM-DD)',
  )
  .transform((s) => (isLocalDate(s) ? `${s}T12:00:00.000Z` : new Date(s).toISOString()));

export const uuidFlag = z.uuid({ message: 'expected a firm id (see `relance firms`)' });
