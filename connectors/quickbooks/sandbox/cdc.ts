// Change data capture: every object of the asked entities changed at or after `changedSince`, in
// its current state, and every object deleted since then as {"status":"Deleted"} with its Id.
// QuickBooks looks back 30 days at most and returns at most 1000 objects per entity; the double
// returns the 1000 oldest changes, so a client that advances its cursor loses nothing.
import type { Company } from './company.ts';
import { renderId } from './company.ts';
import { qboFaults } from './faults.ts';
import { formatQboDateTime, formatQboResponseTime, parseQboDateTime } from './qbo-time.ts';
import { CHANGING_ENTITIES, type ChangingEntity } from './records.ts';
import { renderAttachable, renderCustomer } from './render-company.ts';
import type { QboJson } from './render-common.ts';
import { renderCreditMemo, renderInvoice, renderPayment } from './render-transactions.ts';

export const CDC_LOOKBACK_DAYS = 30;
export const CDC_MAX_PER_ENTITY = 1000;

interface Changed {
  atMs: number;
  id: number;
  render: () => QboJson;
}

function liveChanges(company: Company, entity: ChangingEntity, sinceMs: number): Changed[] {
  const out: Changed[] = [];
  const push = <R extends { id: number; updatedMs: number }>(
    records: Iterable<R>,
    render: (r: R) => QboJson,
  ): void => {
    for (const r of records)
      if (r.updatedMs >= sinceMs) out.push({ atMs: r.updatedMs, id: r.id, render: () => render(r) });
  };
  switch (entity) {
    case 'Invoice':
      push(company.invoices.values(), (r) => renderInvoice(company, r));
      break;
    case 'Payment':
      push(company.payments.values(), (r) => renderPayment(company, r));
      break;
    case 'CreditMemo':
      push(company.creditMemos.values(), (r) => renderCreditMemo(company, r));
      break;
    case 'Customer':
      push(company.customers.values(), (r) => renderCustomer(r));
      break;
    case 'Attachable':
      push(company.attachables.values(), (r) => renderAttachable(r));
      break;
  }
  return out;
}

function deletions(company: Company, entity: ChangingEntity, sinceMs: number): Changed[] {
  return company.tombstones
    .filter((t) => t.entity === entity && t.deletedMs >= sinceMs)
    .map((t) => ({
      atMs: t.deletedMs,
      id: t.id,
      render: () => ({
        domain: 'QBO',
        status: 'Deleted',
        Id: renderId(entity, t.id),
        MetaData: { LastUpdatedTime: formatQboDateTime(t.deletedMs) },
      }),
    }));
}

/** Reads `changedSince` as QuickBooks does; a '+' offset that a query string turned into a space is restored. */
export function parseChangedSince(text: string): number | null {
  return parseQboDateTime(text.trim().replace(/ (\d{2}:?\d{2})$/, '+$1'));
}

export function runCdc(company: Company, entitiesParam: string, changedSinceParam: string): QboJson {
  const names = entitiesParam
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (names.length === 0) throw qboFaults.requiredParameter('entities');
  const entities = names.map((name) => {
    const entity = CHANGING_ENTITIES.find((e) => e.toLowerCase() === name.toLowerCase());
    if (!entity) throw qboFaults.queryValidation(`${name} is not a valid entity for change data capture`);
    return entity;
  });
  if (changedSinceParam.trim() === '') throw qboFaults.requiredParameter('changedSince');
  const sinceMs = parseChangedSince(changedSinceParam);
  if (sinceMs === null)
    throw qboFaults.invalidChangedSince(`changedSince "${changedSinceParam}" is not an ISO 8601 date-time`);
  const nowMs = company.now();
  if (sinceMs < nowMs - CDC_LOOKBACK_DAYS * 86_400_000) {
    throw qboFaults.invalidChangedSince(
      `changedSince ${changedSinceParam} is more than ${CDC_LOOKBACK_DAYS} days ago; use a query to read older changes`,
    );
  }
  const responses = entities.map((entity) => {
    const changes = [...liveChanges(company, entity, sinceMs), ...deletions(company, entity, sinceMs)];
    changes.sort((a, b) => a.atMs - b.atMs || a.id - b.id);
    const page = changes.slice(0, CDC_MAX_PER_ENTITY).map((c) => c.render());
    const block: QboJson = {};
    if (page.length > 0) block[entity] = page;
    block.startPosition = 1;
    block.maxResults = page.length;
    block.totalCount = changes.length;
    return block;
  });
  return { CDCResponse: [{ QueryResponse: responses }], time: formatQboResponseTime(nowMs) };
}
