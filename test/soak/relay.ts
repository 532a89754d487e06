// The soak's mail relay: a real SMTP server that refuses a share of messages with a temporary
// failure (451), keeps what it accepts, and answers over HTTP whether it accepted a Message-ID
// (what SMTP_LOOKUP_URL points at), as transactional mail services do.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { SMTPServer } from 'smtp-server';

export interface Relay {
  smtpUrl: string;
  lookupUrl: string;
  /** Message-ID → how many times it was accepted. */
  accepted: Map<string, number>;
  refused: number;
  /** Messages whose data started to arrive (accepted, refused, or cut off). */
  receiving: number;
  /** Lookups answered "accepted": retries that found their message already delivered. */
  lookedUpAccepted: number;
  close(): Promise<void>;
}

export async function startRelay(opts: {
  failRate: number;
  random?: () => number;
  /** Hold each message this long before answering (a slow relay, to have sends in flight). */
  delayMs?: number;
}): Promise<Relay> {
  const random = opts.random ?? Math.random;
  const accepted = new Map<string, number>();
  const relay = { refused: 0, lookedUpAccepted: 0, receiving: 0 };
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    // Local clients: a reverse DNS lookup per connection only slows the relay down.
    disableReverseLookup: true,
    onData(stream, _session, callback) {
      relay.receiving++;
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        if (opts.delayMs) await sleep(opts.delayMs);
        if (random() < opts.failRate) {
          relay.refused++;
          return callback(Object.assign(new Error('4.3.0 Try again later'), { responseCode: 451 }));
        }
        const head =
          Buffer.concat(chunks)
            .toString('utf8')
            .split(/\r?\n\r?\n/)[0] ?? '';
        const id = /^Message-ID:\s*(.+)$/im.exec(head)?.[1]?.trim() ?? '';
        accepted.set(id, (accepted.get(id) ?? 0) + 1);
        callback();
      });
    },
  });
  // A worker killed mid-conversation resets its connection: that is the soak's point, not an error.
  smtp.on('error', () => undefined);
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const lookup = http.createServer((req, res) => {
    const id = new URL(req.url ?? '/', 'http://x').searchParams.get('messageId') ?? '';
    res.setHeader('content-type', 'application/json');
    if (accepted.has(id)) relay.lookedUpAccepted++;
    res.end(JSON.stringify({ accepted: accepted.has(id) }));
  });
  await new Promise<void>((resolve) => lookup.listen(0, '127.0.0.1', resolve));
  return {
    smtpUrl: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
    lookupUrl: `http://127.0.0.1:${(lookup.address() as AddressInfo).port}/accepted`,
    accepted,
    get refused() {
      return relay.refused;
    },
    get receiving() {
      return relay.receiving;
    },
    get lookedUpAccepted() {
      return relay.lookedUpAccepted;
    },
    async close() {
      lookup.closeAllConnections();
      await new Promise<void>((resolve) => lookup.close(() => resolve()));
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
    },
  };
}
