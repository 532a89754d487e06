// Structured logs. Tokens, secrets and message bodies are redacted by path wherever they appear.
import pino from 'pino';

export const REDACT_PATHS = [
  '*.access_token',
  '*.refresh_token',
  '*.accessToken',
  '*.refreshToken',
  '*.tokens',
  '*.password',
  '*.secret',
  '*.clientSecret',
  '*.authorization',
  '*.headers.authorization',
  '*.body',
  '*.html',
  '*.text',
];

export type Logger = pino.Logger;

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    { level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { service: 'relance' } },
    destination,
  );
}
