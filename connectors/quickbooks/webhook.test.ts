import { describe, expect, it } from 'vitest';
import { classicPayload, cloudEventsPayload, signWebhookBody } from './sandbox/index.ts';
import { quickbooksWebhookTargets, verifyIntuitSignature } from './webhook.ts';

const events = [
  { realmId: '9130', entity: 'Invoice', id: '130', operation: 'Update', atMs: 0 },
  { realmId: '9130', entity: 'Invoice', id: '130', operation: 'Emailed', atMs: 1 },
  { realmId: '9130', entity: 'Payment', id: '141', operation: 'Create', atMs: 2 },
  { realmId: '9130', entity: 'Estimate', id: '7', operation: 'Create', atMs: 3 },
] as never[];

describe('QuickBooks webhook parsing', () => {
  it('checks the signature on the exact raw bytes', () => {
    const body = Buffer.from(classicPayload(events));
    const good = signWebhookBody(body, 'verifier');
    expect(verifyIntuitSignature('verifier', { 'intuit-signature': good }, body)).toBe(true);
    expect(
      verifyIntuitSignature(
        'verifier',
        { 'intuit-signature': good },
        Buffer.concat([body, Buffer.from(' ')]),
      ),
    ).toBe(false);
    expect(verifyIntuitSignature('other', { 'intuit-signature': good }, body)).toBe(false);
    expect(verifyIntuitSignature('verifier', {}, body)).toBe(false);
    expect(verifyIntuitSignature(null, { 'intuit-signature': good }, body)).toBe(false);
  });

  it('reads classic and CloudEvents payloads into the same deduplicated targets', () => {
    const classic = quickbooksWebhookTargets(JSON.parse(classicPayload(events)));
    const cloud = quickbooksWebhookTargets(JSON.parse(cloudEventsPayload(events)));
    const key = (t: { entity: string; externalId: string }) => `${t.entity}:${t.externalId}`;
    expect(classic.map(key)).toEqual(['invoice:130', 'payment:141']);
    expect(cloud.map(key)).toEqual(classic.map(key));
    expect(quickbooksWebhookTargets({ nonsense: true })).toEqual([]);
  });
});
