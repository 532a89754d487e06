// Reads a raw RFC 5322 message as an SMTP server received it, for the e-mail tests: headers
// (unfolded, encoded words decoded), MIME parts (recursively) and their decoded bodies.
// mailparser is not installed; this handles what nodemailer writes (base64, quoted-printable, 7bit).

export interface MimePart {
  headers: Map<string, string[]>;
  /** First value of a header, lower-case name; encoded words decoded. */
  header(name: string): string | undefined;
  contentType: string;
  params: Record<string, string>;
  /** Decoded body bytes (leaf parts). */
  body: Buffer;
  parts: MimePart[];
}

export function parseRawMail(raw: string): MimePart {
  const split = raw.indexOf('\r\n\r\n');
  const head = split === -1 ? raw : raw.slice(0, split);
  const content = split === -1 ? '' : raw.slice(split + 4);
  const headers = new Map<string, string[]>();
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    headers.set(name, [...(headers.get(name) ?? []), decodeWords(line.slice(colon + 1).trim())]);
  }
  const [type = 'text/plain', ...paramText] = (headers.get('content-type')?.[0] ?? 'text/plain').split(';');
  const params: Record<string, string> = {};
  for (const p of paramText) {
    const eq = p.indexOf('=');
    if (eq > 0)
      params[p.slice(0, eq).trim().toLowerCase()] = p
        .slice(eq + 1)
        .trim()
        .replace(/^"|"$/g, '');
  }
  const contentType = type.trim().toLowerCase();
  let parts: MimePart[] = [];
  let body: Buffer = Buffer.alloc(0);
  if (contentType.startsWith('multipart/') && params.boundary) {
    const chunks = content.split(`--${params.boundary}`);
    parts = chunks
      .slice(1)
      .filter((c) => !c.startsWith('--'))
      .map((c) => parseRawMail(c.replace(/^\r\n/, '').replace(/\r\n$/, '')));
  } else {
    const encoding = headers.get('content-transfer-encoding')?.[0]?.toLowerCase();
    body =
      encoding === 'base64'
        ? Buffer.from(content.replace(/\s/g, ''), 'base64')
        : encoding === 'quoted-printable'
          ? decodeQuotedPrintable(content)
          : Buffer.from(content, 'utf8');
  }
  return {
    headers,
    header: (name) => headers.get(name.toLowerCase())?.[0],
    contentType,
    params,
    body,
    parts,
  };
}

/** Every leaf part, depth first. */
export function leafParts(part: MimePart): MimePart[] {
  return part.parts.length === 0 ? [part] : part.parts.flatMap(leafParts);
}

function decodeQuotedPrintable(text: string): Buffer {
  const bytes: number[] = [];
  const s = text.replace(/=\r\n/g, '');
  for (let i = 0; i < s.length; i++) {
    const hex = s.slice(i + 1, i + 3);
    if (s[i] === '=' && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(s[i] as string, 'utf8'));
    }
  }
  return Buffer.from(bytes);
}

/** RFC 2047 encoded words ("=?UTF-8?Q?Caf=C3=A9?="), adjacent ones joined. */
export function decodeWords(value: string): string {
  return value
    .replace(/(\?=)\s+(=\?)/g, '$1$2')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_m, _charset: string, enc: string, data: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64').toString('utf8')
        : decodeQuotedPrintable(data.replace(/_/g, ' ')).toString('utf8'),
    );
}
