import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('configuration from the environment', () => {
  it('starts on the embedded defaults with an empty environment', () => {
    const cfg = loadConfig({});
    expect(cfg.port).toBe(3000);
    expect(cfg.databaseUrl).toBeNull();
    expect(cfg.redisUrl).toBeNull();
    expect(cfg.dataDir.endsWith('.relance')).toBe(true);
    expect(cfg.quickbooks.apiBase).toBe('https://quickbooks.api.intuit.com');
    expect(cfg.xero.apiBase).toBe('https://api.xero.com/api.xro/2.0');
    expect(cfg.clock).toBe(true);
  });

  it('names each bad variable and what it expects', () => {
    let err: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        RELANCE_ENCRYPTION_KEY: 'short',
        RELANCE_CLOCK: 'maybe',
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const text = (err as ConfigError).message;
    expect(text).toMatch(/PORT: expected a port number/);
    expect(text).toMatch(/DATABASE_URL: expected a postgres/);
    expect(text).toMatch(/RELANCE_ENCRYPTION_KEY: expected 32 bytes/);
    expect(text).toMatch(/RELANCE_CLOCK: expected "on" or "off"/);
    expect(text).not.toContain('short');
  });

  it('accepts a 32-byte key in hex or base64 and overrides of every platform URL', () => {
    const cfg = loadConfig({
      RELANCE_ENCRYPTION_KEY: 'a'.repeat(64),
      QUICKBOOKS_API_BASE: 'http://127.0.0.1:4001/',
      XERO_TOKEN_URL: 'http://127.0.0.1:4002/connect/token',
    });
    expect(cfg.encryptionKey?.length).toBe(32);
    expect(cfg.quickbooks.apiBase).toBe('http://127.0.0.1:4001');
    expect(cfg.xero.tokenUrl).toBe('http://127.0.0.1:4002/connect/token');
    expect(
      loadConfig({ RELANCE_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64') }).encryptionKey?.length,
    ).toBe(32);
  });
});
