// Just enough MIME to show the demo's caught messages: headers (folded lines, RFC 2047 encoded
// words), nested multiparts, quoted-printable and base64 bodies, UTF-8 and Latin-1. Relance's own
// mail (nodemailer: text and HTML alternatives, an inline QR image) is what it has to read.

export interface ParsedMail {
  from: string;
  to: string;
  subject: string;
  messageId: string | null;
  text: string;
  html: string;
}

interface Part {
  headers: Map<string, string>;
  body: Buffer;
}

export function parseMail(raw: Buffer): ParsedMail {
  const top = splitPart(raw);
  const found = { text: '', html: '' };
  collect(top, found, 0);
  const h = (name: string) => decodeWords(top.headers.get(name) ?? '');
  return {
    from: h('from'),
    to: h('to'),
    subject: h('subject'),
    messageId: top.headers.get('message-id')?.trim() || null,
    text: found.text,
    html: found.html,
  };
}

function splitPart(buf: Buffer): Part {
  const s = buf.toString('latin1');
  const m = /\r?\n\r?\n/.exec(s);
  const head = m ? s.slice(0, m.index) : s;
  const bodyStart = m ? m.index + m[0].length : s.length;
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    // Header bytes are UTF-8 in practice (SMTPUTF8); they were read as Latin-1 to keep offsets.
    if (!headers.has(name))
      headers.set(name, Buffer.from(line.slice(colon + 1).trim(), 'latin1').toString('utf8'));
  }
  return { headers, body: buf.subarray(bodyStart) };
}

function param(value: string, name: string): string | null {
  const m = new RegExp(`;\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i').exec(value);
  return m ? (m[1] ?? m[2] ?? null) : null;
}

function collect(part: Part, found: { text: string; html: string }, depth: number): void {
  const type = part.headers.get('content-type') ?? 'text/plain';
  const mediaType = type.split(';')[0]?.trim().toLowerCase() ?? 'text/plain';
  if (mediaType.startsWith('multipart/') && depth < 8) {
    const boundary = param(type, 'boundary');
    if (!boundary) return;
    for (const child of splitMultipart(part.body, boundary)) collect(splitPart(child), found, depth + 1);
    return;
  }
  if (/attachment/i.test(part.headers.get('content-disposition') ?? '')) return;
  if (mediaType !== 'text/plain' && mediaType !== 'text/html') return;
  const key = mediaType === 'text/html' ? 'html' : 'text';
  if (found[key] !== '') return;
  const bytes = decodeTransfer(part.body, part.headers.get('content-transfer-encoding') ?? '7bit');
  found[key] = decodeCharset(bytes, param(type, 'charset') ?? 'utf-8');
}

function splitMultipart(body: Buffer, boundary: string): Buffer[] {
  const s = body.toString('latin1');
  const delimiter = `--${boundary}`;
  const parts: Buffer[] = [];
  let at = s.indexOf(delimiter);
  while (at >= 0) {
    const afterDelim = at + delimiter.length;
    if (s.startsWith('--', afterDelim)) break; // the closing delimiter
    const start = s.indexOf('\n', afterDelim);
    if (start < 0) break;
    const next = s.indexOf(`\n${delimiter}`, start);
    const end = next < 0 ? s.length : next;
    const chunk = s.slice(start + 1, end).replace(/\r$/, '');
    parts.push(Buffer.from(chunk, 'latin1'));
    at = next < 0 ? -1 : next + 1;
  }
  return parts;
}

function decodeTransfer(body: Buffer, encoding: string): Buffer {
  const e = encoding.trim().toLowerCase();
  if (e === 'base64') return Buffer.from(body.toString('latin1').replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
  if (e === 'quoted-printable') return decodeQuotedPrintable(body.toString('latin1'));
  return body;
}

function decodeQuotedPrintable(s: string): Buffer {
  const soft = s.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < soft.length; i++) {
    const c = soft[i] as string;
    const hex = soft.slice(i + 1, i + 3);
    if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(soft.charCodeAt(i) & 0xff);
  }
  return Buffer.from(bytes);
}

function decodeCharset(bytes: Buffer, charset: string): string {
  const cs = charset.toLowerCase();
  try {
    return new TextDecoder(cs === 'us-ascii' ? 'utf-8' : cs).decode(bytes).replace(/\r\n/g, '\n');
  } catch {
    return bytes.toString('utf8').replace(/\r\n/g, '\n');
  }
}

/** RFC 2047: =?charset?Q|B?text?= words, with the space between two encoded words dropped. */
export function decodeWords(value: string): string {
  return value
    .replace(/(=\?[^?]+\?[QqBb]\?[^?]*\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_all, charset: string, kind: string, text: string) => {
      const bytes =
        kind.toUpperCase() === 'B'
          ? Buffer.from(text, 'base64')
          : decodeQuotedPrintable(text.replace(/_/g, ' '));
      return decodeCharset(bytes, charset);
    });
}
