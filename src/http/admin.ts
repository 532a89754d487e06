// Operators' view of the queues (bull-board at /admin/queues): waiting, active, delayed and failed
// jobs, with retry. Behind RELANCE_OPERATOR_TOKEN (Bearer, or Basic with any user and the token as
// password); without a token configured the page does not exist.
import { timingSafeEqual } from 'node:crypto';
import { createBullBoard } from '@bull-board/api';
import { BullAdapter } from '@bull-board/api/bullAdapter';
import { ExpressAdapter } from '@bull-board/express';
import Bull from 'bull';
import express from 'express';

export const QUEUE_NAMES = [
  'relance.clock',
  'relance.writeback',
  'quickbooks.sync',
  'quickbooks.webhook',
  'xero.sync',
  'xero.webhook',
  'xero.tokens',
];

function tokenMatches(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function operatorAuth(token: string): express.RequestHandler {
  return (req, res, next) => {
    const header = req.get('authorization') ?? '';
    let given = '';
    if (header.startsWith('Bearer ')) given = header.slice(7);
    else if (header.startsWith('Basic '))
      given = Buffer.from(header.slice(6), 'base64').toString('utf8').split(':').slice(1).join(':');
    if (given && tokenMatches(given, token)) return next();
    res
      .set('WWW-Authenticate', 'Basic realm="relance operators"')
      .status(401)
      .json({ error: 'operator authentication required' });
  };
}

export function adminRouter(opts: { redisUrl: string; operatorToken: string }): {
  router: express.Router;
  close(): Promise<void>;
} {
  const queues = QUEUE_NAMES.map((name) => new Bull(name, opts.redisUrl, { prefix: 'relance' }));
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath('/admin/queues');
  createBullBoard({ queues: queues.map((q) => new BullAdapter(q)), serverAdapter });
  const router = express.Router();
  router.use('/admin/queues', operatorAuth(opts.operatorToken), serverAdapter.getRouter() as express.Router);
  return { router, close: async () => void (await Promise.all(queues.map((q) => q.close()))) };
}
