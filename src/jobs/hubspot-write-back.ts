// Drains the HubSpot outbox: each note goes onto the linked company (and the customer's contact when
// HubSpot has one), each call task becomes a HubSpot CALL task for the company owner with the facts
// for the call, a call done in Relance completes its task; then the company properties are brought
// up to date (only the companies whose values changed, 100 a request). A retried write first looks
// for its marker in HubSpot, so an attempt whose answer was lost never writes twice.
import { createHash } from 'node:crypto';
import {
  completeTask,
  createCallTask,
  createNote,
  findByMarker,
  findContactByEmail,
  getCompany,
  updateCompanies,
} from '../../connectors/hubspot/crm.ts';
import type { HubSpotService } from '../../connectors/hubspot/service.ts';
import type { ConnectionContext } from '../../connectors/sdk/connector.ts';
import { ConnectorError, isRetryable } from '../../connectors/sdk/errors.ts';
import { toDecimalString } from '../core/money.ts';
import { saveContact } from '../store/repos/hubspot-links.ts';
import { queueMatchingForNewCustomers } from './hubspot-match.ts';
import { companyPropertyRows, customerCollections, savePropertiesSent } from '../store/repos/hubspot-card.ts';
import {
  claimHubspotWriteBacks,
  finishHubspotWriteBack,
  queueCallTasks,
  type ClaimedHubspotWriteBack,
} from '../store/repos/hubspot-writebacks.ts';

const MAX_ATTEMPTS = 8;

export interface HubSpotDrainCounts {
  done: number;
  skipped: number;
  retried: number;
  failed: number;
  companiesUpdated: number;
}

/** One token, a word on its own in HubSpot's search index: found again by CONTAINS_TOKEN. */
export function marker(key: string): string {
  return `rlnc${createHash('sha256').update(key).digest('hex').slice(0, 24)}`;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const money = (minor: number, currency: string) => `${currency} ${toDecimalString(minor, currency)}`;

async function contactFor(svc: HubSpotService, ctx: ConnectionContext, w: ClaimedHubspotWriteBack) {
  const link = w.link as NonNullable<ClaimedHubspotWriteBack['link']>;
  if (link.contactChecked) return link.contactId;
  const id = await findContactByEmail(svc.settings, ctx, link.emails);
  await saveContact(svc.rt.db, w.customerId, id);
  return id;
}

async function callFacts(svc: HubSpotService, w: ClaimedHubspotWriteBack, today: string) {
  const c = await customerCollections(svc.rt.db, w.firmId, w.customerId, today);
  if (!c) return null;
  const late = c.invoices.filter((i) => i.daysLate > 0);
  const lines = [
    `<p><strong>Call ${escapeHtml(c.customer.name)} about ${late.length} overdue invoice${late.length === 1 ? '' : 's'}.</strong></p>`,
    '<ul>',
    ...late.map(
      (i) =>
        `<li>${escapeHtml(i.number)}: ${money(i.openBalance, i.currency)} open of ${money(i.total, i.currency)}, due ${i.dueDate ?? i.issueDate}, ${i.daysLate} days late${i.disputed ? ', in dispute' : ''}${i.promisedDate ? `, promised for ${i.promisedDate}` : ''}</li>`,
    ),
    '</ul>',
    `<p>Overdue: ${c.aging.map((a) => money(a.total - a.not_due, a.currency)).join(', ') || 'none'}</p>`,
    `<p>Last contact: ${c.lastContact ? `${c.lastContact.at.slice(0, 10)} ${escapeHtml(c.lastContact.what)}` : 'none yet'}</p>`,
    `<p>Promises: ${
      c.promises.length === 0
        ? 'none'
        : c.promises
            .map((p) => `${p.createdAt.slice(0, 10)} promised ${p.promisedDate} (${p.status})`)
            .join('; ')
    }</p>`,
  ];
  return { name: c.customer.name, count: late.length, html: lines.join('') };
}

async function send(svc: HubSpotService, ctx: ConnectionContext, w: ClaimedHubspotWriteBack, now: string) {
  const link = w.link as NonNullable<ClaimedHubspotWriteBack['link']>;
  const mark = marker(w.key);
  const type = w.kind === 'note' ? 'notes' : 'tasks';
  // A second attempt may follow one that wrote but never heard back: look before writing.
  if (w.kind !== 'task_done' && w.attempts > 1) {
    const found = await findByMarker(svc.settings, ctx, type, mark);
    if (found) return found;
  }
  if (w.kind === 'note') {
    const text = String(w.payload.text ?? '');
    return createNote(svc.settings, ctx, {
      body: `<p>${escapeHtml(text)}</p><p>Ref. ${mark}</p>`,
      timestamp: now,
      companyId: link.companyId,
      contactId: await contactFor(svc, ctx, w),
    });
  }
  if (w.kind === 'call_task') {
    const facts = await callFacts(svc, w, now.slice(0, 10));
    if (!facts) throw new ConnectorError('not_found', 'customer not found');
    // The owner now, not at matching time: companies change hands.
    const company = await getCompany(svc.settings, ctx, link.companyId);
    if (!company) throw new ConnectorError('not_found', `company ${link.companyId} is gone from HubSpot`);
    const due = String(w.payload.dueDate ?? now.slice(0, 10)).slice(0, 10);
    return createCallTask(svc.settings, ctx, {
      subject: `Call ${facts.name} about ${facts.count} overdue invoice${facts.count === 1 ? '' : 's'}`,
      body: `${facts.html}<p>Ref. ${mark}</p>`,
      dueAt: `${due}T09:00:00.000Z`,
      ownerId: company.ownerId,
      companyId: link.companyId,
      contactId: await contactFor(svc, ctx, w),
    });
  }
  const taskId = String(w.payload.hubspotTaskId ?? '');
  if (!taskId) throw new ConnectorError('invalid_payload', 'no HubSpot task to complete');
  await completeTask(svc.settings, ctx, taskId);
  return taskId;
}

export async function drainHubSpotWriteBacks(
  svc: HubSpotService,
  now: () => string = () => new Date().toISOString(),
): Promise<HubSpotDrainCounts> {
  const db = svc.rt.db;
  const counts: HubSpotDrainCounts = { done: 0, skipped: 0, retried: 0, failed: 0, companiesUpdated: 0 };
  await queueCallTasks(db);
  await queueMatchingForNewCustomers(svc);
  const contexts = new Map<string, ConnectionContext | null>();
  for (;;) {
    const claimed = await db.tx((sql) => claimHubspotWriteBacks(sql, now()));
    if (claimed.length === 0) break;
    for (const w of claimed) {
      if (!w.link) {
        await finishHubspotWriteBack(db, w.id, {
          status: 'skipped',
          error: 'customer not linked to a company',
        });
        counts.skipped++;
        continue;
      }
      if (!contexts.has(w.link.connectionId))
        contexts.set(w.link.connectionId, await svc.contextFor(w.link.connectionId));
      const ctx = contexts.get(w.link.connectionId);
      if (!ctx) {
        await finishHubspotWriteBack(db, w.id, { status: 'skipped', error: 'HubSpot connection not active' });
        counts.skipped++;
        continue;
      }
      try {
        const externalId = await send(svc, ctx, w, now());
        await finishHubspotWriteBack(db, w.id, { status: 'done', externalId });
        counts.done++;
      } catch (err) {
        const message = (err as Error).message;
        if (err instanceof ConnectorError && (err.kind === 'invalid_payload' || err.kind === 'not_found')) {
          await finishHubspotWriteBack(db, w.id, { status: 'skipped', error: message });
          counts.skipped++;
        } else if (
          (isRetryable(err) || (err instanceof ConnectorError && err.kind === 'auth_revoked')) &&
          w.attempts < MAX_ATTEMPTS
        ) {
          const retryAt = new Date(Date.parse(now()) + 30_000 * 2 ** (w.attempts - 1)).toISOString();
          await finishHubspotWriteBack(db, w.id, { status: 'pending', retryAt, error: message });
          counts.retried++;
        } else {
          await finishHubspotWriteBack(db, w.id, { status: 'failed', error: message });
          counts.failed++;
        }
      }
    }
  }
  counts.companiesUpdated = await syncCompanyProperties(svc, now().slice(0, 10));
  return counts;
}

/** Writes the property values that changed since they were last written; returns how many companies. */
export async function syncCompanyProperties(svc: HubSpotService, today: string): Promise<number> {
  // One company may stand for several customers: the first one's values are the company's.
  const seen = new Set<string>();
  const rows = (await companyPropertyRows(svc.rt.db, today))
    .filter(
      (r) =>
        !seen.has(`${r.connectionId}:${r.companyId}`) && (seen.add(`${r.connectionId}:${r.companyId}`), true),
    )
    .filter((r) => Object.entries(r.values).some(([k, v]) => r.sent?.[k] !== v));
  let updated = 0;
  const byConnection = new Map<string, typeof rows>();
  for (const r of rows) byConnection.set(r.connectionId, [...(byConnection.get(r.connectionId) ?? []), r]);
  for (const [connectionId, batch] of byConnection) {
    const ctx = await svc.contextFor(connectionId);
    if (!ctx) continue;
    try {
      const { missing } = await updateCompanies(
        svc.settings,
        ctx,
        batch.map((r) => ({ id: r.companyId, properties: r.values })),
      );
      const written = batch.filter((r) => !missing.includes(r.companyId));
      await savePropertiesSent(svc.rt.db, written);
      updated += written.length;
      if (missing.length > 0)
        svc.rt.log.warn({ connectionId, missing: missing.length }, 'hubspot companies gone');
    } catch (err) {
      svc.rt.log.warn({ connectionId, err: (err as Error).message }, 'hubspot properties');
    }
  }
  return updated;
}
