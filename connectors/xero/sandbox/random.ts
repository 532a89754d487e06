// Deterministic randomness for the ledger generator: a small, fast seeded PRNG (sfc32) and the
// helpers built on it. Same seed, same ledger, on every machine.

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  int(minInclusive: number, maxInclusive: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** A version-4-shaped UUID (lower case), drawn from the generator. */
  uuid(): string;
  /** Upper-case letters, for webhook entropy and short codes. */
  letters(length: number): string;
}

function hashSeed(seed: string | number): [number, number, number, number] {
  // cyrb128: spreads any seed over four 32-bit words.
  const text = String(seed);
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  return [(h1 ^ h2 ^ h3 ^ h4) >>> 0, (h2 ^ h1) >>> 0, (h3 ^ h1) >>> 0, (h4 ^ h1) >>> 0];
}

const HEX_CODES = Buffer.from('0123456789abcdef', 'latin1');
/** Positions of the 32 hex digits inside "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx". */
const DIGIT_AT = [
  0, 1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 14, 15, 16, 17, 19, 20, 21, 22, 24, 25, 26, 27, 28, 29, 30, 31, 32,
  33, 34, 35,
];

export function createRandom(seed: string | number): Random {
  let [a, b, c, d] = hashSeed(seed);
  const u32 = (): number => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return t >>> 0;
  };
  const next = (): number => u32() / 4294967296;
  // Written into one buffer and decoded once: a flat 36-byte string, not a rope of slices
  // (100,000 ids must stay small).
  const uuidBytes = Buffer.from('00000000-0000-4000-8000-000000000000', 'latin1');
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new RangeError('cannot pick from an empty list');
      return items[Math.floor(next() * items.length)] as T;
    },
    uuid() {
      let word = 0;
      for (let i = 0; i < 32; i++) {
        if ((i & 7) === 0) word = u32();
        uuidBytes[DIGIT_AT[i]!] = HEX_CODES[(word >>> ((i & 7) * 4)) & 15]!;
      }
      uuidBytes[14] = 0x34; // version 4
      uuidBytes[19] = HEX_CODES[8 + (u32() & 3)]!; // RFC 4122 variant
      return uuidBytes.toString('latin1');
    },
    letters(length) {
      let out = '';
      for (let i = 0; i < length; i++) out += String.fromCharCode(65 + (u32() % 26));
      return out;
    },
  };
}
