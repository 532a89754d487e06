// The key that encrypts platform tokens at rest. From RELANCE_ENCRYPTION_KEY; on the embedded
// database only, a key generated once into the data dir (mode 0600) so the demo needs no setup.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { TokenCipher } from '../../connectors/sdk/token-crypto.ts';
import { ConfigError, type Config } from '../config.ts';

export function tokenCipher(cfg: Pick<Config, 'encryptionKey' | 'databaseUrl' | 'dataDir'>): TokenCipher {
  if (cfg.encryptionKey) return new TokenCipher(cfg.encryptionKey);
  if (cfg.databaseUrl) {
    throw new ConfigError([
      'RELANCE_ENCRYPTION_KEY: required with DATABASE_URL, to encrypt platform tokens (`openssl rand -hex 32`)',
    ]);
  }
  const file = path.join(cfg.dataDir, 'encryption.key');
  fs.mkdirSync(cfg.dataDir, { recursive: true });
  try {
    fs.writeFileSync(file, randomBytes(32).toString('hex'), { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return new TokenCipher(Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'hex'));
}
