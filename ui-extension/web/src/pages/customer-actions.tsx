// The decisions a controller records on a customer, each a small form in a dialog: pause, promise,
// dispute, payment plan, note, assign, segment. Errors from the API show beside the field they name.
import { useState, type FormEvent, type ReactNode } from 'react';
import { api, ApiError } from '../api/client.ts';
import type { CustomerDetail, Invoice, Segment, User } from '../api/types.ts';
import { useAnnounce } from '../components/announcer.tsx';
import { Dialog } from '../components/dialog.tsx';
import { Field, FormError } from '../components/field.tsx';
import { addDays, formatDate, formatMoney, inputToMinor, minorToInput, today } from '../format.ts';
import { useI18n, type Key } from '../i18n/index.tsx';
import { useApi } from '../use-api.ts';

export type ActionKind = 'pause' | 'promise' | 'dispute' | 'plan' | 'note' | 'assign' | 'segment';

/** Posts a decision; on success announces it and closes, on failure keeps the form with its errors. */
function useSubmit(onDone: () => void, success: Key) {
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const announce = useAnnounce();
  const { t } = useI18n();
  const submit = async (path: string, body: unknown) => {
    setBusy(true);
    setError(null);
    try {
      await api.post(path, body);
      announce(t(success));
      onDone();
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError(0, 'client', String(err));
      setError(e);
      announce(t('action.failed', { message: e.message }), 'error');
    } finally {
      setBusy(false);
    }
  };
  return { error, busy, submit };
}

function Buttons({ busy, onCancel, label }: { busy: boolean; onCancel(): void; label: string }) {
  const { t } = useI18n();
  return (
    <div className="form-buttons">
      <button type="submit" className="button-primary" disabled={busy}>
        {busy ? t('common.saving') : label}
      </button>
      <button type="button" onClick={onCancel}>
        {t('common.cancel')}
      </button>
    </div>
  );
}

/** The open invoices to act on, as checkboxes (all open ones chosen to start with). */
function InvoicePicker({
  invoices,
  value,
  onChange,
  error,
}: {
  invoices: Invoice[];
  value: string[];
  onChange(ids: string[]): void;
  error?: string | undefined;
}) {
  const { t, locale } = useI18n();
  return (
    <fieldset
      className={`invoice-picker${error ? ' field-invalid' : ''}`}
      aria-describedby={error ? 'invoice-picker-error' : undefined}
    >
      <legend>{t('action.invoices')}</legend>
      {invoices.length === 0 ? <p className="empty">{t('customer.noOpenInvoices')}</p> : null}
      {invoices.map((inv) => {
        const id = `inv-pick-${inv.id}`;
        return (
          <div key={inv.id} className="check">
            <input
              type="checkbox"
              id={id}
              checked={value.includes(inv.id)}
              onChange={(e) =>
                onChange(e.target.checked ? [...value, inv.id] : value.filter((v) => v !== inv.id))
              }
            />
            <label htmlFor={id}>
              {t('invoice.label', { number: inv.number ?? inv.id })} ·{' '}
              {formatMoney(inv.openBalance, inv.currency, locale)} ·{' '}
              {t('invoice.due', { date: formatDate(inv.dueDate, locale) })}
            </label>
          </div>
        );
      })}
      {error ? (
        <p className="field-error" id="invoice-picker-error">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

export function openInvoices(detail: CustomerDetail): Invoice[] {
  return detail.invoices.filter((i) => i.openBalance > 0 && i.status !== 'paid' && i.status !== 'void');
}

interface ActionProps {
  detail: CustomerDetail;
  onClose(): void;
  onDone(): void;
}

function PauseForm({ detail, onClose, onDone }: ActionProps) {
  const { t } = useI18n();
  const [until, setUntil] = useState('');
  const [reason, setReason] = useState('');
  const { error, busy, submit } = useSubmit(onDone, 'action.paused');
  return (
    <Dialog title={t('action.pauseTitle')} onClose={onClose}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit(`customers/${detail.customer.id}/pause`, {
            ...(until ? { until } : {}),
            ...(reason.trim() ? { reason: reason.trim() } : {}),
          });
        }}
      >
        <FormError error={error && error.fields.length === 0 ? error : null} />
        <Field label={t('action.until')} hint={t('action.untilHint')} error={error?.field('until')}>
          {(p) => (
            <input
              {...p}
              type="date"
              value={until}
              min={today()}
              onChange={(e) => setUntil(e.target.value)}
            />
          )}
        </Field>
        <Field label={t('action.reason')} error={error?.field('reason')}>
          {(p) => (
            <input
              {...p}
              type="text"
              value={reason}
              maxLength={500}
              onChange={(e) => setReason(e.target.value)}
            />
          )}
        </Field>
        <Buttons busy={busy} onCancel={onClose} label={t('action.pause')} />
      </form>
    </Dialog>
  );
}

function PromiseForm({ detail, onClose, onDone }: ActionProps) {
  const { t } = useI18n();
  const open = openInvoices(detail);
  const [ids, setIds] = useState(open.filter((i) => !i.disputed).map((i) => i.id));
  const [date, setDate] = useState(addDays(today(), 14));
  const [amount, setAmount] = useState('');
  const [note, setNote] = useState('');
  const [local, setLocal] = useState<string | null>(null);
  const { error, busy, submit } = useSubmit(onDone, 'action.promised');
  const currency = open.find((i) => ids.includes(i.id))?.currency ?? detail.balances[0]?.currency ?? 'EUR';
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    let minor: number | null = null;
    if (amount.trim()) {
      minor = inputToMinor(amount, currency);
      if (minor === null) {
        setLocal(t('action.badAmount'));
        return;
      }
    }
    setLocal(null);
    void submit(`customers/${detail.customer.id}/promises`, {
      invoiceIds: ids,
      promisedDate: date,
      ...(minor !== null ? { amount: { amount: minor, currency } } : {}),
      ...(note.trim() ? { note: note.trim() } : {}),
    });
  };
  return (
    <Dialog title={t('action.promiseTitle')} onClose={onClose}>
      <form onSubmit={onSubmit}>
        <FormError error={error && error.fields.length === 0 ? error : null} />
        <InvoicePicker invoices={open} value={ids} onChange={setIds} error={error?.field('invoiceIds')} />
        <Field label={t('action.promisedDate')} error={error?.field('promisedDate')}>
          {(p) => (
            <input {...p} type="date" required value={date} onChange={(e) => setDate(e.target.value)} />
          )}
        </Field>
        <Field
          label={t('action.amountOptional', { currency })}
          hint={t('action.amountHint')}
          error={local ?? error?.field('amount') ?? error?.field('amount.amount')}
        >
          {(p) => (
            <input
              {...p}
              type="text"
              inputMode="decimal"
              value={amount}
              onChange={(e) => setAmount(e.target.value)}
            />
          )}
        </Field>
        <Field label={t('action.noteOptional')} error={error?.field('note')}>
          {(p) => <textarea {...p} rows={2} value={note} onChange={(e) => setNote(e.target.value)} />}
        </Field>
        <Buttons busy={busy} onCancel={onClose} label={t('action.recordPromise')} />
      </form>
    </Dialog>
  );
}

function DisputeForm({ detail, onClose, onDone }: ActionProps) {
  const { t } = useI18n();
  const open = openInvoices(detail).filter((i) => !i.disputed);
  const [ids, setIds] = useState<string[]>(open[0] ? [open[0].id] : []);
  const [reason, setReason] = useState('');
  const { error, busy, submit } = useSubmit(onDone, 'action.disputed');
  return (
    <Dialog title={t('action.disputeTitle')} onClose={onClose}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit(`customers/${detail.customer.id}/disputes`, { invoiceIds: ids, reason: reason.trim() });
        }}
      >
        <FormError error={error && error.fields.length === 0 ? error : null} />
        <InvoicePicker invoices={open} value={ids} onChange={setIds} error={error?.field('invoiceIds')} />
        <Field label={t('action.disputeReason')} error={error?.field('reason')}>
          {(p) => <textarea {...p} rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />}
        </Field>
        <Buttons busy={busy} onCancel={onClose} label={t('action.openDispute')} />
      </form>
    </Dialog>
  );
}

function PlanForm({ detail, onClose, onDone }: ActionProps) {
  const { t, locale } = useI18n();
  const open = openInvoices(detail).filter((i) => !i.disputed);
  const [ids, setIds] = useState(open.map((i) => i.id));
  const currency = open.find((i) => ids.includes(i.id))?.currency ?? 'EUR';
  const total = open
    .filter((i) => ids.includes(i.id) && i.currency === currency)
    .reduce((s, i) => s + i.openBalance, 0);
  const [rows, setRows] = useState([
    { date: addDays(today(), 30), amount: '' },
    { date: addDays(today(), 60), amount: '' },
    { date: addDays(today(), 90), amount: '' },
  ]);
  const [local, setLocal] = useState<Record<number, string>>({});
  const { error, busy, submit } = useSubmit(onDone, 'action.planned');
  const split = () => {
    const n = rows.length;
    const base = Math.floor(total / n);
    setRows(
      rows.map((r, i) => ({
        ...r,
        amount: minorToInput(i === n - 1 ? total - base * (n - 1) : base, currency),
      })),
    );
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const errs: Record<number, string> = {};
    const instalments = rows.map((r, i) => {
      const minor = inputToMinor(r.amount, currency);
      if (minor === null || minor <= 0) errs[i] = t('action.badAmount');
      return { date: r.date, amount: { amount: minor ?? 0, currency } };
    });
    setLocal(errs);
    if (Object.keys(errs).length > 0) return;
    void submit(`customers/${detail.customer.id}/payment-plans`, { invoiceIds: ids, instalments });
  };
  return (
    <Dialog title={t('action.planTitle')} onClose={onClose} wide>
      <form onSubmit={onSubmit}>
        <FormError error={error && error.fields.length === 0 ? error : null} />
        <InvoicePicker invoices={open} value={ids} onChange={setIds} error={error?.field('invoiceIds')} />
        <p>
          {t('action.planTotal', { amount: formatMoney(total, currency, locale) })}{' '}
          <button type="button" onClick={split}>
            {t('action.splitEvenly')}
          </button>
        </p>
        <fieldset>
          <legend>{t('action.instalments')}</legend>
          {error?.field('instalments') ? <p className="field-error">{error.field('instalments')}</p> : null}
          {rows.map((r, i) => (
            <div className="instalment" key={i}>
              <Field
                label={t('action.instalmentDate', { n: i + 1 })}
                error={error?.field(`instalments[${i}].date`)}
              >
                {(p) => (
                  <input
                    {...p}
                    type="date"
                    required
                    value={r.date}
                    onChange={(e) =>
                      setRows(rows.map((x, j) => (j === i ? { ...x, date: e.target.value } : x)))
                    }
                  />
                )}
              </Field>
              <Field
                label={t('action.instalmentAmount', { n: i + 1, currency })}
                error={
                  local[i] ??
                  error?.field(`instalments[${i}].amount`) ??
                  error?.field(`instalments[${i}].amount.amount`)
                }
              >
                {(p) => (
                  <input
                    {...p}
                    type="text"
                    inputMode="decimal"
                    required
                    value={r.amount}
                    onChange={(e) =>
                      setRows(rows.map((x, j) => (j === i ? { ...x, amount: e.target.value } : x)))
                    }
                  />
                )}
              </Field>
              <button
                type="button"
                className="button-quiet"
                disabled={rows.length <= 1}
                onClick={() => setRows(rows.filter((_, j) => j !== i))}
                aria-label={t('action.removeInstalment', { n: i + 1 })}
              >
                {t('common.remove')}
              </button>
            </div>
          ))}
          <button
            type="button"
            onClick={() =>
              setRows([...rows, { date: addDays(rows[rows.length - 1]?.date ?? today(), 30), amount: '' }])
            }
          >
            {t('action.addInstalment')}
          </button>
        </fieldset>
        <Buttons busy={busy} onCancel={onClose} label={t('action.createPlan')} />
      </form>
    </Dialog>
  );
}

function NoteForm({ detail, onClose, onDone }: ActionProps) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const { error, busy, submit } = useSubmit(onDone, 'action.noted');
  return (
    <Dialog title={t('action.noteTitle')} onClose={onClose}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit(`customers/${detail.customer.id}/notes`, { text });
        }}
      >
        <FormError error={error && error.fields.length === 0 ? error : null} />
        <Field label={t('action.noteText')} error={error?.field('text')}>
          {(p) => <textarea {...p} rows={4} value={text} onChange={(e) => setText(e.target.value)} />}
        </Field>
        <Buttons busy={busy} onCancel={onClose} label={t('action.addNote')} />
      </form>
    </Dialog>
  );
}

function AssignForm({
  detail,
  onClose,
  onDone,
  me,
}: ActionProps & { me: { id: string; name: string | null } }) {
  const { t } = useI18n();
  const users = useApi<{ items: User[] }>('users');
  const current = detail.customer.assignee;
  const currentId = typeof current === 'string' ? current : (current?.id ?? '');
  const [userId, setUserId] = useState(currentId);
  const { error, busy, submit } = useSubmit(onDone, 'action.assigned');
  const options: { id: string; name: string }[] = users.data
    ? users.data.items.map((u) => ({ id: u.id, name: u.name ?? u.email ?? u.id }))
    : [{ id: me.id, name: me.name ?? t('action.me') }];
  return (
    <Dialog title={t('action.assignTitle')} onClose={onClose}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit(`customers/${detail.customer.id}/assign`, { userId: userId || null });
        }}
      >
        <FormError error={error && error.fields.length === 0 ? error : null} />
        <Field label={t('action.assignee')} error={error?.field('userId')}>
          {(p) => (
            <select {...p} value={userId} onChange={(e) => setUserId(e.target.value)}>
              <option value="">{t('action.unassigned')}</option>
              {options.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Buttons busy={busy} onCancel={onClose} label={t('action.assign')} />
      </form>
    </Dialog>
  );
}

function SegmentForm({ detail, onClose, onDone }: ActionProps) {
  const { t } = useI18n();
  const segments = useApi<{ items: Segment[] }>('segments');
  const [segmentId, setSegmentId] = useState(detail.customer.segment?.id ?? '');
  const { error, busy, submit } = useSubmit(onDone, 'action.segmentMoved');
  return (
    <Dialog title={t('action.segmentTitle')} onClose={onClose}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit(`customers/${detail.customer.id}/segment`, { segmentId });
        }}
      >
        <FormError error={error && error.fields.length === 0 ? error : null} />
        <Field label={t('customers.segment')} error={error?.field('segmentId')}>
          {(p) => (
            <select {...p} value={segmentId} onChange={(e) => setSegmentId(e.target.value)} required>
              <option value="" disabled>
                {t('action.chooseSegment')}
              </option>
              {(segments.data?.items ?? []).map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Buttons busy={busy} onCancel={onClose} label={t('action.move')} />
      </form>
    </Dialog>
  );
}

export function ActionDialog({
  kind,
  me,
  ...props
}: ActionProps & { kind: ActionKind; me: { id: string; name: string | null } }): ReactNode {
  switch (kind) {
    case 'pause':
      return <PauseForm {...props} />;
    case 'promise':
      return <PromiseForm {...props} />;
    case 'dispute':
      return <DisputeForm {...props} />;
    case 'plan':
      return <PlanForm {...props} />;
    case 'note':
      return <NoteForm {...props} />;
    case 'assign':
      return <AssignForm {...props} me={me} />;
    case 'segment':
      return <SegmentForm {...props} />;
  }
}
