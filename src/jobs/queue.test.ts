import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TEST_REDIS_URL } from '../../test/support/stores.ts';
import { createBullQueue, createInProcessQueue, type JobQueue } from './queue.ts';

const kinds: [string, () => JobQueue][] = [
  ['in-process', () => createInProcessQueue()],
  ['bull', () => createBullQueue(TEST_REDIS_URL, `relance-test-${randomBytes(4).toString('hex')}`)],
];

describe.each(kinds)('the %s job queue', (_kind, make) => {
  it('runs a job once when it is enqueued twice with the same id', async () => {
    const q = make();
    const seen: string[] = [];
    q.process<{ n: string }>('work', async (d) => void seen.push(d.n));
    await q.add('work', { n: 'a' }, { jobId: 'same' });
    await q.add('work', { n: 'b' }, { jobId: 'same' });
    await q.add('work', { n: 'c' }, { jobId: 'other' });
    await q.idle();
    await q.close();
    expect(seen.sort()).toEqual(['a', 'c']);
  });

  it('retries a failing job until it succeeds', async () => {
    const q = make();
    let attempts = 0;
    q.process('flaky', async () => {
      attempts++;
      if (attempts < 2) throw new Error('not yet');
    });
    await q.add('flaky', {}, { jobId: 'f1', attempts: 3 });
    await q.idle();
    await q.close();
    expect(attempts).toBe(2);
  });
});
