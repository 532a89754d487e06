// One short text message, at most 320 characters (two concatenated segments), with the payment
// link. It shrinks rather than being cut: invoice numbers give way to a count, then a long firm
// name is shortened; the link is never truncated (a broken link is worse than none).
import type { CustomerCopy } from './copy/copy-types.ts';
import type { Facts } from './facts.ts';
import { clip, httpUrl } from './format.ts';

export const SMS_MAX_CHARS = 320;

const length = (s: string): number => [...s].length;

export function writeSms(f: Facts, copy: CustomerCopy): string {
  const link = httpUrl(f.paymentLink);
  const attempts = [
    { firm: f.firm, link, compact: false },
    { firm: f.firm, link, compact: true },
    { firm: clip(f.firm, 30), link, compact: true },
    // A link too long to fit: point to the firm's phone or e-mail instead.
    { firm: clip(f.firm, 30), link: null, compact: true },
  ];
  let text = '';
  for (const opts of attempts) {
    text = copy.sms(f, opts);
    if (length(text) <= SMS_MAX_CHARS) return text;
  }
  return clip(text, SMS_MAX_CHARS);
}
