// The card's React tree rendered with @hubspot/ui-extensions' test renderer, its hubspot.fetch
// routed (signed, as HubSpot does) to the real backend; its buttons change state in Relance.
import { createElement, type ComponentType } from 'react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Alert,
  Button,
  DateInput,
  EmptyState,
  Heading,
  Form,
  StatisticsItem,
  Table,
  TableCell,
  Tag,
  Text,
  TextArea,
} from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { installed, startHubSpotHarness, type HubSpotHarness } from './harness.ts';

const CARD = '../../ui-extension/hubspot/src/app/cards/CollectionsCard.tsx';
const API = '../../ui-extension/hubspot/src/app/cards/card-api.ts';
const WAIT = { timeoutInMs: 15_000 };
// The renderer types an event's argument as the handler itself; the values below are what the
// components pass (DateInput: { year, month from 0, date }; TextArea: the text), hence `as never`.

describe('the HubSpot card', () => {
  let h: HubSpotHarness;
  let Card: ComponentType<{ context: unknown }>;
  const companyId = (domain: string) =>
    [...h.sandbox.state.store('companies').values()].find((c) => c.properties.domain === domain)!.id;

  beforeAll(async () => {
    // Monday 30 November, with time running (each signed request has its own timestamp).
    const offset = Date.parse('2026-11-30T10:00:00Z') - Date.now();
    h = await startHubSpotHarness({ clock: () => Date.now() + offset });
    await installed(h);
    const { BACKEND } = (await import(API)) as { BACKEND: string };
    const signed = h.sandbox.cardFetch({ userEmail: 'claire@lumen.example' });
    // What HubSpot does with the card's hubspot.fetch: sign it and send it to the permitted URL
    // (here the test's backend in place of the production one).
    const g = globalThis as unknown as { self: unknown; hsFetch: unknown };
    g.self = globalThis;
    g.hsFetch = (url: string, options: { method?: string; body?: unknown }) =>
      signed(url.replace(new URL(BACKEND).origin, h.appUrl), options);
    Card = ((await import(CARD)) as { CollectionsCard: ComponentType<{ context: unknown }> }).CollectionsCard;
  });
  afterAll(async () => h?.close());

  const render = (objectId: string) => {
    const r = createRenderer('crm.record.tab');
    const context = { ...r.mocks.context, crm: { ...r.mocks.context.crm, objectId: Number(objectId) } };
    r.render(createElement(Card, { context }));
    return r;
  };
  const texts = (r: ReturnType<typeof render>) =>
    r
      .findAll(Text)
      .map((t) => t.text ?? '')
      .join('\n');
  const until = async (r: ReturnType<typeof render>, what: string, check: () => void) => {
    try {
      await r.waitFor(check, WAIT);
    } catch (err) {
      r.debugLog(what);
      throw new Error(`card: ${what}: ${(err as Error).message}`, { cause: err });
    }
  };
  const click = (r: ReturnType<typeof render>, label: string) =>
    r.find(Button, (b) => b.text === label).trigger('onClick');

  it('shows the linked customer’s aging, open invoices and next action from the backend', async () => {
    const r = render(companyId('dupont-boulangerie.fr'));
    await until(r, 'step 1', () => expect(r.findAll(Table)).toHaveLength(2));
    expect(r.find(Heading).text).toBe('Boulangerie Dupont SARL');
    const cells = r.findAll(TableCell).map((c) => c.text);
    expect(cells).toEqual(expect.arrayContaining(['F-1001', 'F-1002', 'F-1003', 'EUR 1,200.00', '15']));
    expect(r.find(StatisticsItem, { label: 'Overdue (EUR)' }).props.number).toBe('EUR 1,650.50');
    expect(r.find(StatisticsItem, { label: 'Oldest overdue (days)' }).props.number).toBe('15');
  });

  it('records a promise, pauses, opens a dispute and adds a note in Relance', async () => {
    const r = render(companyId('dupont-boulangerie.fr'));
    await until(r, 'step 2', () => expect(r.findAll(Table)).toHaveLength(2));

    click(r, 'Record a promise');
    r.find(DateInput).trigger('onChange', { year: 2026, month: 11, date: 10 } as never);
    r.find(Form).trigger('onSubmit');
    await until(r, 'step 3', () => expect(r.find(Alert).props.title).toBe('Saved in Relance'));
    const [promise] = await h.store.db.query<{ promised_date: string; created_by: string; n: string }>(
      `SELECT promised_date::text, created_by, (SELECT count(*) FROM promise_invoices WHERE promise_id = p.id) AS n
       FROM promises p WHERE customer_id = $1`,
      [h.customers.c1],
    );
    expect(promise).toEqual({
      promised_date: '2026-12-10',
      created_by: 'hubspot:claire@lumen.example',
      n: 3,
    });
    expect(r.findAll(TableCell).map((c) => c.text)).toContain('Promised for 2026-12-10');

    click(r, 'Pause reminders');
    r.find(TextArea).trigger('onChange', 'owner on holiday' as never);
    r.find(Form).trigger('onSubmit');
    await until(r, 'step 4', () => expect(r.find(Tag).text).toBe('Reminders paused'));
    const [customer] = await h.store.db.query<{ paused: boolean }>(
      `SELECT paused FROM customers WHERE id = $1`,
      [h.customers.c1],
    );
    expect(customer!.paused).toBe(true);

    click(r, 'Open a dispute');
    r.find(TextArea).trigger('onChange', 'bread arrived stale' as never);
    r.find(Form).trigger('onSubmit');
    await until(r, 'step 5', () => expect(r.findAll(TableCell).map((c) => c.text)).toContain('In dispute'));
    const disputes = await h.store.db.query<{ reason: string; opened_by: string; number: string }>(
      `SELECT d.reason, d.opened_by, i.number FROM disputes d JOIN invoices i ON i.id = d.invoice_id`,
    );
    expect(disputes).toEqual([
      { reason: 'bread arrived stale', opened_by: 'hubspot:claire@lumen.example', number: 'F-1001' },
    ]);

    click(r, 'Add a note');
    r.find(TextArea).trigger('onChange', 'Spoke to the accountant' as never);
    r.find(Form).trigger('onSubmit');
    await until(r, 'step 6', () => expect(texts(r)).toContain('Spoke to the accountant'));
    const notes = await h.store.db.query<{ body: string }>(`SELECT body FROM notes WHERE customer_id = $1`, [
      h.customers.c1,
    ]);
    expect(notes.map((n) => n.body)).toEqual(['Spoke to the accountant']);
  });

  it('shows what Relance refused, and says when a company is not linked', async () => {
    const r = render(companyId('dupont-boulangerie.fr'));
    await until(r, 'step 7', () => expect(r.findAll(Table)).toHaveLength(2));
    click(r, 'Add a note');
    r.find(Form).trigger('onSubmit'); // empty note
    await until(r, 'step 8', () => expect(r.find(Alert).text).toContain('text:'));

    const unlinked = render(companyId('garage-lefevre.fr'));
    await unlinked.waitFor(
      () => expect(unlinked.find(EmptyState).props.title).toBe('Not linked to a customer'),
      WAIT,
    );
  });
});
