// The SEPA credit-transfer QR code ("GiroCode", EPC069-12 version 002): a banking app scans it and
// pre-fills the transfer (beneficiary, IBAN, amount, reference). Lines are separated by LF; the
// character set is UTF-8 (1); the whole payload is at most 331 bytes.
import QRCode from 'qrcode';
import { toDecimalString } from '../core/money.ts';
import type { Money } from '../core/money.ts';

const NAME_MAX = 70;
const REMITTANCE_MAX = 140;
const PAYLOAD_MAX_BYTES = 331;
const AMOUNT_MAX = 99_999_999_999; // EUR 999,999,999.99 in cents

/** "FR76 3000 …" → "FR763000…": the electronic form of an IBAN. */
export function normalizeIban(iban: string): string {
  return iban.replace(/[\s-]/g, '').toUpperCase();
}

// IBAN lengths of the SEPA countries (ISO 13616 registry): a right checksum on a wrong length is
// still a wrong IBAN. Countries outside the list only get the general structure check.
// prettier-ignore
const SEPA_IBAN_LENGTHS: Record<string, number> = {
  AD: 24, AL: 28, AT: 20, BE: 16, BG: 22, CH: 21, CY: 28, CZ: 24, DE: 22, DK: 18, EE: 20, ES: 24,
  FI: 18, FR: 27, GB: 22, GI: 23, GR: 27, HR: 21, HU: 28, IE: 22, IS: 26, IT: 27, LI: 21, LT: 20,
  LU: 20, LV: 21, MC: 27, MD: 24, ME: 22, MK: 19, MT: 31, NL: 18, NO: 15, PL: 28, PT: 25, RO: 24,
  SE: 24, SI: 19, SK: 24, SM: 27, VA: 22,
};

/** Structure, the country's length, and the ISO 13616 check digits (mod 97 = 1). */
export function isValidIban(iban: string): boolean {
  const s = normalizeIban(iban);
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(s)) return false;
  const length = SEPA_IBAN_LENGTHS[s.slice(0, 2)];
  if (length !== undefined && s.length !== length) return false;
  const rearranged = s.slice(4) + s.slice(0, 4);
  let rest = 0;
  for (const ch of rearranged) {
    const digits = /\d/.test(ch) ? ch : String(ch.charCodeAt(0) - 55); // A = 10 … Z = 35
    for (const d of digits) rest = (rest * 10 + Number(d)) % 97;
  }
  return rest === 1;
}

const BIC_RE = /^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/;

function singleLine(field: string, value: string): string {
  if (/[\r\n]/.test(value)) throw new RangeError(`${field}: must be on one line`);
  return value.trim();
}

export function epcPayload(p: {
  name: string;
  iban: string;
  bic?: string | null;
  amount: Money;
  remittance: string;
}): string {
  const name = singleLine('name', p.name);
  if (name === '') throw new RangeError('name: the beneficiary name is required');
  if ([...name].length > NAME_MAX) throw new RangeError(`name: at most ${NAME_MAX} characters`);
  if (!isValidIban(p.iban)) throw new RangeError(`iban: "${p.iban}" is not a valid IBAN`);
  const bic = p.bic ? p.bic.replace(/\s/g, '').toUpperCase() : '';
  if (bic && !BIC_RE.test(bic)) throw new RangeError(`bic: "${p.bic}" is not a valid BIC`);
  if (p.amount.currency !== 'EUR') throw new RangeError('amount: a SEPA transfer is in EUR');
  if (!Number.isSafeInteger(p.amount.amount) || p.amount.amount < 1 || p.amount.amount > AMOUNT_MAX) {
    throw new RangeError('amount: must be between EUR 0.01 and EUR 999999999.99');
  }
  const remittance = singleLine('remittance', p.remittance);
  if ([...remittance].length > REMITTANCE_MAX) {
    throw new RangeError(`remittance: at most ${REMITTANCE_MAX} characters`);
  }
  const payload = [
    'BCD', // service tag
    '002', // version
    '1', // character set: UTF-8
    'SCT', // SEPA credit transfer
    bic, // optional in version 002 inside the EEA
    name,
    normalizeIban(p.iban),
    `EUR${toDecimalString(p.amount.amount, 'EUR')}`,
    '', // purpose code
    '', // structured creditor reference (exclusive with the text below)
    remittance,
  ].join('\n');
  if (Buffer.byteLength(payload, 'utf8') > PAYLOAD_MAX_BYTES) {
    throw new RangeError(`payload: longer than ${PAYLOAD_MAX_BYTES} bytes; shorten name or remittance`);
  }
  return payload;
}

/** The payload as a PNG QR code, error correction M as EPC069-12 requires, bytes as UTF-8. */
export async function epcQrPng(payload: string): Promise<Buffer> {
  return QRCode.toBuffer([{ data: Buffer.from(payload, 'utf8'), mode: 'byte' }], {
    type: 'png',
    errorCorrectionLevel: 'M',
    margin: 4,
    width: 360,
  });
}
