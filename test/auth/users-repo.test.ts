// The users repository on both stores: the first user of a firm is its owner even when two people
// sign in at the same moment; a returning user is the same row; the last owner stays an owner.
import { afterEach, describe, expect, it } from 'vitest';
import { createFirm } from '../../src/store/repos/firms.ts';
import { findMembership, listUsers, recordSignIn, setUserRole } from '../../src/store/repos/users.ts';
import { openTestStore, storeKinds, type TestStore } from '../support/stores.ts';

describe.each(storeKinds)('users repository (%s)', (kind) => {
  let store: TestStore | null = null;
  afterEach(async () => {
    await store?.drop();
    store = null;
  });

  it('makes exactly one owner of two simultaneous first sign-ins, and knows a returning user', async () => {
    store = await openTestStore(kind);
    const db = store.db;
    const firm = await createFirm(db, { name: 'Lumen & Fils', country: 'FR' });
    const who = (id: string) => ({
      firmId: firm.id,
      platform: 'quickbooks' as const,
      platformUserId: id,
      email: `${id}@lumen.example`,
      name: ` ${id} `,
    });
    const [a, b] = await Promise.all([recordSignIn(db, who('ana')), recordSignIn(db, who('ben'))]);
    expect([a.user.role, b.user.role].sort()).toEqual(['controller', 'owner']);
    const again = await recordSignIn(db, { ...who('ana'), email: null, name: 'Ana Lopez' });
    expect(again).toMatchObject({
      created: false,
      user: { id: a.user.id, name: 'Ana Lopez', email: 'ana@lumen.example' },
    });
    expect(await listUsers(db, firm.id)).toHaveLength(2);

    const owner = a.user.role === 'owner' ? a.user : b.user;
    expect(await setUserRole(db, firm.id, owner.id, 'viewer', 'test')).toEqual({
      ok: false,
      error: 'last_owner',
    });
    const other = await createFirm(db, { name: 'Other', country: 'FR' });
    expect(await setUserRole(db, other.id, owner.id, 'viewer', 'test')).toEqual({
      ok: false,
      error: 'not_found',
    });
    expect(await findMembership(db, owner.id, other.id)).toBeNull();
    await recordSignIn(db, { ...who(owner.platformUserId), firmId: other.id });
    expect(await findMembership(db, owner.id, other.id)).toMatchObject({ firmId: other.id, role: 'owner' });
  }, 60_000);
});
