// pdfkit's standard fonts (Helvetica) encode text as Windows-1252 (WinAnsi): that covers €, the
// accented letters of French, Dutch and German, typographic quotes and dashes, but not the narrow
// no-break space that Intl puts in French amounts ("1 234,50 €"), nor letters outside Latin-1
// (a "ł" in a customer's name). pdfkit would write such characters as garbage bytes, so text is
// brought into WinAnsi first: spaces become no-break spaces, other letters lose their accents, and
// anything else left becomes "?".

// The code points above U+00FF that WinAnsi has (bytes 0x80–0x9F).
const WIN_ANSI_EXTRA = new Set([
  0x20ac, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x017d,
  0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x017e,
  0x0178,
]);

const SPACES = /[\u2000-\u200a\u202f\u205f\u3000]/g; // thin, narrow and other fixed-width spaces
const INVISIBLE = /[\u200b-\u200d\u2060\ufeff]/g;

export function isWinAnsi(ch: string): boolean {
  const cp = ch.codePointAt(0) as number;
  if (cp === 0x0a || cp === 0x09) return true;
  if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) return false;
  return cp <= 0xff || WIN_ANSI_EXTRA.has(cp);
}

export function toWinAnsi(text: string): string {
  const spaced = text
    .replace(SPACES, '\u00a0')
    .replace(INVISIBLE, '')
    .replace(/\u2011/g, '-');
  let out = '';
  for (const ch of spaced) {
    if (isWinAnsi(ch)) {
      out += ch;
      continue;
    }
    const bare = ch.normalize('NFD').replace(/\p{M}/gu, '');
    out += [...bare].every(isWinAnsi) && bare !== '' ? bare : '?';
  }
  return out;
}
