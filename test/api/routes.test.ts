// Every panel route's happy path through the real express app on PostgreSQL, with the outcome
// checked in the database, and bad input answered 400 naming every bad field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  customerResponse,
  customersResponse,
  disputesResponse,
  overviewResponse,
  planResponse,
  promiseResponse,
} from '../../src/http/api/schemas.ts';
import {
  call,
  day,
  makeUser,
  seedFirm,
  startApi,
  type Actor,
  type ApiHarness,
  type SeededFirm,
} from './harness.ts';

let h: ApiHarness;
let f: SeededFirm;
let owner: Actor;
let controller: Actor;

beforeAll(async () => {
  h = await startApi();
  f = await seedFirm(h, 'Lumen & Fils');
  owner = await makeUser(h, f.firmId, 'owner', 'Camille Owner');
  controller = await makeUser(h, f.firmId, 'controller', 'Sam Controller');
});
afterAll(async () => {
  await h.close();
});

const one = async <T>(sql: string, params: unknown[]) =>
  (await h.rt.db.query<T & object>(sql, params))[0] as T;

describe('reading', () => {
  it('GET /overview ages the open balance by bucket, with the problem cases', async () => {
    const r = await call(h, controller, 'GET', '/overview');
    expect(r.status).toBe(200);
    const o = overviewResponse.parse(r.body);
    expect(o.aging).toEqual([
      {
        currency: 'EUR',
        notDue: 10_000,
        d1_30: 42_050 + 7_500,
        d31_60: 185_000,
        d61_90: 0,
        d90Plus: 0,
        total: 244_550,
      },
    ]);
    expect(o.problems.biggestOverdue[0]).toMatchObject({
      id: f.customers.plain,
      overdue: 227_050,
      currency: 'EUR',
    });
    expect(o.connections).toEqual([
      { platform: 'import', status: 'active', lastSyncAt: null, progress: null },
    ]);
  });

  it('GET /customers searches, filters, sorts and pages', async () => {
    const all = customersResponse.parse((await call(h, controller, 'GET', '/customers')).body);
    expect(all.total).toBe(3);
    expect(all.items.map((i) => i.id)).toEqual([f.customers.html, f.customers.quiet, f.customers.plain]);
    const plain = all.items.find((i) => i.id === f.customers.plain)!;
    expect(plain).toMatchObject({
      openBalance: 237_050,
      overdue: 227_050,
      oldestDaysLate: 40,
      balances: [{ currency: 'EUR', open: 237_050, overdue: 227_050 }],
    });
    expect(plain.nextAction).toMatchObject({ label: 'Second reminder', channel: 'email' });

    const overdue = (await call(h, controller, 'GET', '/customers?status=overdue&sort=overdue')).body;
    expect(overdue.items.map((i: { id: string }) => i.id)).toEqual([f.customers.plain, f.customers.html]);
    const search = (await call(h, controller, 'GET', '/customers?q=delcourt')).body;
    expect(search.total).toBe(1);
    const literal = (await call(h, controller, 'GET', '/customers?q=%25')).body;
    expect(literal.total).toBe(0);
    const page2 = (await call(h, controller, 'GET', '/customers?pageSize=2&page=2')).body;
    expect(page2).toMatchObject({ page: 2, pageSize: 2, total: 3 });
    expect(page2.items).toHaveLength(1);
  });

  it('answers 400 naming every bad query field', async () => {
    const r = await call(h, controller, 'GET', '/customers?page=0&sort=size&pageSize=x');
    expect(r.status).toBe(400);
    expect(r.body.error).toBe('bad_request');
    expect(r.body.fields.map((x: { path: string }) => x.path).sort()).toEqual(['page', 'pageSize', 'sort']);
  });

  it('GET /customers/:id gives invoices, aging, timeline and what is planned next', async () => {
    const r = await call(h, controller, 'GET', `/customers/${f.customers.plain}`);
    expect(r.status).toBe(200);
    const c = customerResponse.parse(r.body);
    expect(c.customer).toMatchObject({
      name: 'Boulangeries Delcourt SAS',
      paused: false,
      emails: ['ap-c1@example.com'],
    });
    expect(c.invoices.map((i) => i.number)).toEqual(['F-I1', 'F-I2', 'F-I3', 'F-I4']);
    expect(c.invoices[0]).toMatchObject({ daysLate: 40, openBalance: 185_000, status: 'open' });
    expect(c.aging[0]).toMatchObject({ currency: 'EUR', total: 237_050, notDue: 10_000 });
    expect(c.timeline.some((t) => t.kind === 'payment')).toBe(true);
    expect(c.timeline.some((t) => t.kind === 'call')).toBe(true);
    // The recorded reminder, and what the planner would do from now on, soonest first.
    expect(c.planned.find((x) => x.actionId === f.actionId)).toMatchObject({
      label: 'Second reminder',
      channel: 'email',
    });
    expect(c.planned.length).toBeGreaterThan(1);
    expect(c.nextAction).toEqual(c.planned[0]);
    const dates = c.planned.map((x) => x.date);
    expect([...dates].sort()).toEqual(dates);
  });

  it('GET /worklist lists my tasks due today, GET /jobs the work in progress', async () => {
    const w = await call(h, controller, 'GET', '/worklist');
    expect(w.body.items).toEqual([
      expect.objectContaining({
        id: f.taskId,
        kind: 'call',
        customerId: f.customers.plain,
        customerName: 'Boulangeries Delcourt SAS',
        title: 'Call Delcourt',
      }),
    ]);
    const j = await call(h, controller, 'GET', '/jobs');
    expect(j.status).toBe(200);
    expect(Array.isArray(j.body.items)).toBe(true);
  });
});

describe('acting on a customer', () => {
  it('records a promise: the invoices leave the planned reminders at once, the customer is woken, the user audited', async () => {
    const r = await call(h, controller, 'POST', `/customers/${f.customers.plain}/promises`, {
      body: {
        invoiceIds: [f.invoices.overdue1],
        promisedDate: day(10),
        amount: { amount: 100_000, currency: 'EUR' },
        note: 'paying half',
      },
    });
    expect(r.status).toBe(201);
    const p = promiseResponse.parse(r.body);
    expect(p).toMatchObject({
      invoiceIds: [f.invoices.overdue1],
      promisedDate: day(10),
      amount: 100_000,
      currency: 'EUR',
      status: 'open',
    });
    const wake = await one<{ w: string }>(`SELECT next_wake_at::text AS w FROM customers WHERE id = $1`, [
      f.customers.plain,
    ]);
    expect(wake.w).toBe('-infinity');
    const a = await one<{ actor: string }>(
      `SELECT actor FROM audit_log WHERE action = 'promise.recorded' AND entity_id = $1`,
      [p.id],
    );
    expect(a.actor).toBe(`user:${controller.userId}`);
    const c = customerResponse.parse(
      (await call(h, controller, 'GET', `/customers/${f.customers.plain}`)).body,
    );
    const before = day(10);
    for (const x of c.planned.filter((x) => x.date.slice(0, 10) <= before))
      expect(x.invoiceIds).not.toContain(f.invoices.overdue1);
    expect(c.invoices.find((i) => i.id === f.invoices.overdue1)?.promisedDate).toBe(day(10));
  });

  it('refuses a promise in the past, naming the field', async () => {
    const r = await call(h, controller, 'POST', `/customers/${f.customers.plain}/promises`, {
      body: { invoiceIds: [f.invoices.overdue2], promisedDate: day(-3) },
    });
    expect(r.status).toBe(400);
    expect(r.body.fields).toEqual([{ path: 'promisedDate', message: expect.stringContaining('or later') }]);
  });

  it('opens a dispute: the invoice is flagged, a task is made, reminders stop for it; resolving restores it', async () => {
    const r = await call(h, controller, 'POST', `/customers/${f.customers.plain}/disputes`, {
      body: { invoiceIds: [f.invoices.overdue2], reason: 'Goods arrived damaged', reasonCode: 'quality' },
    });
    expect(r.status).toBe(201);
    const [d] = disputesResponse.parse(r.body).items;
    expect(d).toMatchObject({ invoiceId: f.invoices.overdue2, status: 'open', reasonCode: 'quality' });
    expect(
      (await one<{ disputed: boolean }>(`SELECT disputed FROM invoices WHERE id = $1`, [f.invoices.overdue2]))
        .disputed,
    ).toBe(true);
    const c = customerResponse.parse(
      (await call(h, controller, 'GET', `/customers/${f.customers.plain}`)).body,
    );
    for (const x of c.planned) expect(x.invoiceIds).not.toContain(f.invoices.overdue2);
    const again = await call(h, controller, 'POST', `/customers/${f.customers.plain}/disputes`, {
      body: { invoiceIds: [f.invoices.overdue2], reason: 'again' },
    });
    expect(again.status).toBe(409);
    const res = await call(h, controller, 'POST', `/disputes/${d!.id}/resolve`, {
      body: { note: 'credit note issued' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'resolved', resolution: 'credit note issued' });
    expect(
      (await one<{ disputed: boolean }>(`SELECT disputed FROM invoices WHERE id = $1`, [f.invoices.overdue2]))
        .disputed,
    ).toBe(false);
  });

  it('agrees a payment plan whose instalments add up to what is owed, and refuses one that does not', async () => {
    const bad = await call(h, controller, 'POST', `/customers/${f.customers.html}/payment-plans`, {
      body: { invoiceIds: [f.invoices.htmlOverdue], instalments: [{ date: day(5), amount: 1000 }] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.fields[0].path).toBe('instalments');
    const r = await call(h, controller, 'POST', `/customers/${f.customers.html}/payment-plans`, {
      body: {
        invoiceIds: [f.invoices.htmlOverdue],
        instalments: [
          { date: day(5), amount: 5000 },
          { date: day(35), amount: 2500 },
        ],
      },
    });
    expect(r.status).toBe(201);
    const plan = planResponse.parse(r.body);
    expect(plan).toMatchObject({
      status: 'active',
      currency: 'EUR',
      instalments: [
        { date: day(5), amount: 5000 },
        { date: day(35), amount: 2500 },
      ],
    });
    expect(
      (await one<{ n: number }>(`SELECT count(*)::int AS n FROM plan_invoices WHERE plan_id = $1`, [plan.id]))
        .n,
    ).toBe(1);
  });

  it('adds a note, kept as the text it was given', async () => {
    const text = '<script>alert("x")</script> called & left a message';
    const r = await call(h, controller, 'POST', `/customers/${f.customers.plain}/notes`, { body: { text } });
    expect(r.status).toBe(201);
    expect(r.body.text).toBe(text);
    expect((await one<{ body: string }>(`SELECT body FROM notes WHERE id = $1`, [r.body.id])).body).toBe(
      text,
    );
    const c = (await call(h, controller, 'GET', `/customers/${f.customers.plain}`)).body;
    expect(c.timeline.find((t: { kind: string }) => t.kind === 'note').detail).toBe(text);
  });

  it('pauses and resumes a customer, and an invoice', async () => {
    const p = await call(h, controller, 'POST', `/customers/${f.customers.quiet}/pause`, {
      body: { until: day(7), reason: 'owner on holiday' },
    });
    expect(p.status).toBe(200);
    expect(p.body.paused).toBe(true);
    expect(
      (await one<{ paused: boolean }>(`SELECT paused FROM customers WHERE id = $1`, [f.customers.quiet]))
        .paused,
    ).toBe(true);
    expect(
      (
        await one<{ n: number }>(
          `SELECT count(*)::int AS n FROM tasks WHERE customer_id = $1 AND due_date = $2`,
          [f.customers.quiet, day(7)],
        )
      ).n,
    ).toBe(1);
    const r = await call(h, controller, 'POST', `/customers/${f.customers.quiet}/resume`);
    expect(r.body.paused).toBe(false);
    const ip = await call(h, controller, 'POST', `/invoices/${f.invoices.notDue}/pause`, { body: {} });
    expect(ip.body).toMatchObject({ id: f.invoices.notDue, paused: true });
    const ir = await call(h, controller, 'POST', `/invoices/${f.invoices.notDue}/resume`);
    expect(ir.body).toMatchObject({ paused: false });
    expect(
      (await one<{ paused: boolean }>(`SELECT paused FROM invoices WHERE id = $1`, [f.invoices.notDue]))
        .paused,
    ).toBe(false);
  });

  it('assigns the customer to a user and moves it to a segment by hand', async () => {
    const a = await call(h, controller, 'POST', `/customers/${f.customers.plain}/assign`, {
      body: { userId: owner.userId },
    });
    expect(a.body.assignee).toEqual({ id: owner.userId, name: 'Camille Owner' });
    const segs = (await call(h, controller, 'GET', '/segments')).body.items;
    const key = segs.find((s: { key: string }) => s.key === 'key-accounts');
    const s = await call(h, controller, 'POST', `/customers/${f.customers.plain}/segment`, {
      body: { segmentId: key.id },
    });
    expect(s.body.segment).toEqual({ id: key.id, name: 'Key accounts', manual: true });
    expect(
      (
        await one<{ m: boolean }>(`SELECT segment_manual AS m FROM customers WHERE id = $1`, [
          f.customers.plain,
        ])
      ).m,
    ).toBe(true);
  });

  it('sends a planned action now, or skips one', async () => {
    // The seeded reminder was cancelled when its invoices were promised and disputed: a new one.
    expect(
      (await one<{ status: string }>(`SELECT status FROM actions WHERE id = $1`, [f.actionId])).status,
    ).toBe('cancelled');
    const { id: actionId } = await one<{ id: string }>(
      `INSERT INTO actions (firm_id, customer_id, key, kind, channel, template, tone, target_date, due_at, status)
       VALUES ($1, $2, 'test:again', 'step', 'email', 'reminder_1', 1, $3, now() + interval '3 days', 'awaiting_approval') RETURNING id`,
      [f.firmId, f.customers.plain, day(3)],
    );
    f.actionId = actionId;
    const s = await call(h, controller, 'POST', `/actions/${f.actionId}/send-now`);
    expect(s.status).toBe(200);
    expect(Date.parse(s.body.dueAt)).toBeLessThanOrEqual(Date.now());
    expect(s.body.status).toBe('pending');
    const k = await call(h, controller, 'POST', `/actions/${f.actionId}/skip`);
    expect(k.body.status).toBe('skipped');
    expect(
      (await one<{ status: string }>(`SELECT status FROM actions WHERE id = $1`, [f.actionId])).status,
    ).toBe('skipped');
    const again = await call(h, controller, 'POST', `/actions/${f.actionId}/skip`);
    expect(again.status).toBe(409);
  });

  it('completes a task with its outcome', async () => {
    const r = await call(h, controller, 'POST', `/tasks/${f.taskId}/complete`, {
      body: { outcome: 'Promised to pay Friday' },
    });
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('done');
    const t = await one<{ status: string; body: string }>(`SELECT status, body FROM tasks WHERE id = $1`, [
      f.taskId,
    ]);
    expect(t.status).toBe('done');
    expect(t.body).toContain('Promised to pay Friday');
  });
});

describe('owner settings', () => {
  it('creates and edits a procedure, refusing bad steps field by field', async () => {
    const steps = [
      { id: 'first', offsetDays: 3, channel: 'email', template: 'reminder_1', tone: 1 },
      { id: 'second', offsetDays: 14, channel: 'email', template: 'reminder_2', tone: 2 },
    ];
    const c = await call(h, owner, 'POST', '/procedures', { body: { name: 'Export clients', steps } });
    expect(c.status).toBe(201);
    expect(c.body).toMatchObject({ key: 'export-clients', name: 'Export clients' });
    const bad = await call(h, owner, 'PUT', `/procedures/${c.body.id}`, {
      body: { name: 'Export', steps: [steps[0], { ...steps[1], offsetDays: 1, template: 'nope' }] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((x: { path: string }) => x.path)).toContain('steps[1].offsetDays');
    const ok = await call(h, owner, 'PUT', `/procedures/${c.body.id}`, {
      body: { name: 'Export (EU)', steps },
    });
    expect(ok.body.name).toBe('Export (EU)');
    expect((await call(h, owner, 'GET', `/procedures/${c.body.id}`)).body.steps).toHaveLength(2);
    const seg = await call(h, owner, 'POST', '/segments', {
      body: { name: 'Export', procedureId: c.body.id, rule: { kind: 'manual' } },
    });
    expect(seg.status).toBe(201);
    const up = await call(h, owner, 'PUT', `/segments/${seg.body.id}`, {
      body: { name: 'Export customers' },
    });
    expect(up.body).toMatchObject({ name: 'Export customers', procedureId: c.body.id });
  });

  it('keeps a firm override of a template and previews it for a real customer', async () => {
    const put = await call(h, owner, 'PUT', '/templates/reminder_1/en', {
      body: {
        subject: 'Reminder for {{customer}}',
        body: 'Dear {{customer}},\n\n{{invoices}}\n\nTotal {{total}} by {{deadline}}.',
      },
    });
    expect(put.status).toBe(200);
    const list = (await call(h, owner, 'GET', '/templates')).body.items;
    expect(
      list.find(
        (t: { template: string; language: string }) => t.template === 'reminder_1' && t.language === 'en',
      ).overridden,
    ).toBe(true);
    const pv = await call(h, controller, 'POST', '/templates/preview', {
      body: { customerId: f.customers.html, template: 'reminder_1', channel: 'email' },
    });
    expect(pv.status).toBe(200);
    expect(pv.body.subject).toBe('Reminder for <img src=x onerror=alert(1)> & <b>Co</b>');
    expect(pv.body.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(pv.body.html).not.toContain('<img src=x');
    const builtIn = await call(h, controller, 'POST', '/templates/preview', {
      body: { customerId: f.customers.plain, template: 'formal_notice', channel: 'email', language: 'fr' },
    });
    expect(builtIn.status).toBe(200);
    expect(builtIn.body.text).toContain('F-I1');
  });

  it('changes settings, leaving what it is not given', async () => {
    const r = await call(h, owner, 'PATCH', '/settings', {
      body: {
        reviewMode: false,
        sender: { email: 'compta@lumen.example' },
        businessHours: { days: [1, 2, 3, 4], start: '08:30', end: '16:00' },
      },
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      reviewMode: false,
      sender: { name: 'Lumen & Fils', email: 'compta@lumen.example' },
      language: 'fr',
    });
    const firm = await one<{ review_mode: boolean; business_hours: { start: string } }>(
      `SELECT review_mode, business_hours FROM firms WHERE id = $1`,
      [f.firmId],
    );
    expect(firm).toMatchObject({ review_mode: false, business_hours: { start: '08:30' } });
    const bad = await call(h, owner, 'PATCH', '/settings', {
      body: { businessHours: { days: [], start: '9', end: '08:00' }, language: 'es' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((x: { path: string }) => x.path)).toEqual(
      expect.arrayContaining(['businessHours.days', 'businessHours.start', 'language']),
    );
    const kept = await one<{ language: string }>(`SELECT language FROM firms WHERE id = $1`, [f.firmId]);
    expect(kept.language).toBe('fr');
  });
});
