// The procedures editor: each procedure's steps (offset from the due date, channel, template, tone,
// what the step states and whether a person approves it), saved whole and validated by the API,
// beside a live preview of a step's message rendered for a real customer.
import { useEffect, useMemo, useState } from 'react';
import { api, ApiError } from '../api/client.ts';
import type { Channel, Procedure, ProcedureStep } from '../api/types.ts';
import { useAnnounce } from '../components/announcer.tsx';
import { FormError } from '../components/field.tsx';
import { PageState } from '../components/status.tsx';
import { useI18n, type Key } from '../i18n/index.tsx';
import { useSession } from '../session.tsx';
import { useApi } from '../use-api.ts';
import { TemplatePreview } from './template-preview.tsx';

export const CHANNELS: Channel[] = ['email', 'sms', 'letter', 'call', 'formal_notice', 'agency_review'];
export const TEMPLATES = [
  'heads_up',
  'reminder_1',
  'reminder_2',
  'call',
  'formal_reminder',
  'formal_notice',
  'agency_review',
  'instalment_reminder',
  'instalment_missed',
  'promise_broken',
];

function StepRow({
  step,
  index,
  onChange,
  onRemove,
  onPreview,
  error,
  readOnly,
}: {
  step: ProcedureStep;
  index: number;
  onChange(s: ProcedureStep): void;
  onRemove(): void;
  onPreview(): void;
  error: (field: string) => string | undefined;
  readOnly: boolean;
}) {
  const { t, tOr } = useI18n();
  const n = index + 1;
  const id = (f: string) => `step-${index}-${f}`;
  const errs = ['id', 'offsetDays', 'channel', 'template', 'tone', 'registered']
    .map((f) => ({ f, m: error(`steps[${index}].${f}`) ?? error(`steps.${index}.${f}`) }))
    .filter((e) => e.m);
  const invalid = (f: string) =>
    errs.some((e) => e.f === f) ? { 'aria-invalid': true as const, 'aria-describedby': id('errors') } : {};
  return (
    <tr className={errs.length ? 'row-invalid' : undefined}>
      <td>
        <label className="sr-only" htmlFor={id('offset')}>
          {t('procedures.offsetFor', { n })}
        </label>
        <input
          id={id('offset')}
          type="number"
          className="input-narrow"
          value={step.offsetDays}
          min={-90}
          max={730}
          disabled={readOnly}
          onChange={(e) => onChange({ ...step, offsetDays: Number(e.target.value) })}
          {...invalid('offsetDays')}
        />
      </td>
      <td>
        <label className="sr-only" htmlFor={id('id')}>
          {t('procedures.stepIdFor', { n })}
        </label>
        <input
          id={id('id')}
          type="text"
          value={step.id}
          disabled={readOnly}
          onChange={(e) => onChange({ ...step, id: e.target.value })}
          {...invalid('id')}
        />
      </td>
      <td>
        <label className="sr-only" htmlFor={id('channel')}>
          {t('procedures.channelFor', { n })}
        </label>
        <select
          id={id('channel')}
          value={step.channel}
          disabled={readOnly}
          onChange={(e) => onChange({ ...step, channel: e.target.value as Channel })}
          {...invalid('channel')}
        >
          {CHANNELS.map((c) => (
            <option key={c} value={c}>
              {t(`channel.${c}` as Key)}
            </option>
          ))}
        </select>
      </td>
      <td>
        <label className="sr-only" htmlFor={id('template')}>
          {t('procedures.templateFor', { n })}
        </label>
        <select
          id={id('template')}
          value={step.template}
          disabled={readOnly}
          onChange={(e) => onChange({ ...step, template: e.target.value })}
          {...invalid('template')}
        >
          {(TEMPLATES.includes(step.template) ? TEMPLATES : [step.template, ...TEMPLATES]).map((tk) => (
            <option key={tk} value={tk}>
              {tOr(`template.${tk}`, tk)}
            </option>
          ))}
        </select>
      </td>
      <td>
        <label className="sr-only" htmlFor={id('tone')}>
          {t('procedures.toneFor', { n })}
        </label>
        <select
          id={id('tone')}
          value={step.tone}
          disabled={readOnly}
          onChange={(e) => onChange({ ...step, tone: Number(e.target.value) as ProcedureStep['tone'] })}
        >
          {[1, 2, 3, 4, 5].map((v) => (
            <option key={v} value={v}>
              {t(`tone.${v}` as Key)}
            </option>
          ))}
        </select>
      </td>
      <td className="checks">
        <span className="check">
          <input
            id={id('fees')}
            type="checkbox"
            checked={step.statesFees}
            disabled={readOnly}
            onChange={(e) => onChange({ ...step, statesFees: e.target.checked })}
          />
          <label htmlFor={id('fees')}>{t('procedures.statesFees')}</label>
        </span>
        <span className="check">
          <input
            id={id('approval')}
            type="checkbox"
            checked={step.requiresApproval}
            disabled={readOnly}
            onChange={(e) => onChange({ ...step, requiresApproval: e.target.checked })}
          />
          <label htmlFor={id('approval')}>{t('procedures.requiresApproval')}</label>
        </span>
        <span className="check">
          <input
            id={id('registered')}
            type="checkbox"
            checked={step.registered}
            disabled={readOnly}
            onChange={(e) => onChange({ ...step, registered: e.target.checked })}
            {...invalid('registered')}
          />
          <label htmlFor={id('registered')}>{t('procedures.registered')}</label>
        </span>
        {errs.length ? (
          <p className="field-error" id={id('errors')}>
            {errs.map((e) => `${t(`procedures.col.${e.f}` as Key)}: ${e.m}`).join(' · ')}
          </p>
        ) : null}
      </td>
      <td>
        <div className="row-buttons">
          <button
            type="button"
            className="button-small"
            onClick={onPreview}
            aria-label={t('procedures.previewStep', { n })}
          >
            {t('procedures.preview')}
          </button>
          {readOnly ? null : (
            <button
              type="button"
              className="button-small button-quiet"
              onClick={onRemove}
              aria-label={t('procedures.removeStep', { n })}
            >
              {t('common.remove')}
            </button>
          )}
        </div>
      </td>
    </tr>
  );
}

function Editor({ procedure, onSaved }: { procedure: Procedure; onSaved(): void }) {
  const { t } = useI18n();
  const session = useSession();
  const readOnly = !session.can('own');
  const announce = useAnnounce();
  const [name, setName] = useState(procedure.name);
  const [steps, setSteps] = useState<ProcedureStep[]>(procedure.steps);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [previewStep, setPreviewStep] = useState<ProcedureStep | null>(
    procedure.steps.find((s) => s.channel === 'email') ?? procedure.steps[0] ?? null,
  );
  const dirty = useMemo(
    () => name !== procedure.name || JSON.stringify(steps) !== JSON.stringify(procedure.steps),
    [name, steps, procedure],
  );
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.put(`procedures/${procedure.id}`, { name, steps });
      announce(t('procedures.saved', { name }));
      onSaved();
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError(0, 'client', String(err));
      setError(e);
      announce(t('action.failed', { message: e.message }), 'error');
    } finally {
      setBusy(false);
    }
  };
  const addStep = () => {
    const last = steps[steps.length - 1];
    setSteps([
      ...steps,
      {
        id: `step-${steps.length + 1}`,
        offsetDays: (last?.offsetDays ?? 0) + 7,
        channel: 'email',
        template: 'reminder_2',
        tone: 3,
        statesFees: false,
        requiresApproval: false,
        registered: false,
        conditions: {},
      },
    ]);
  };
  return (
    <div className="procedure-editor">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <div className="field">
          <label htmlFor="procedure-name">{t('procedures.name')}</label>
          <input
            id="procedure-name"
            type="text"
            value={name}
            disabled={readOnly}
            onChange={(e) => setName(e.target.value)}
            aria-invalid={error?.field('name') ? true : undefined}
          />
          {error?.field('name') ? <p className="field-error">{error.field('name')}</p> : null}
        </div>
        <FormError
          error={error && !error.fields.some((f) => /^(body\.)?(steps|name)/.test(f.path)) ? error : null}
        />
        {error?.field('steps') ? <p className="field-error">{error.field('steps')}</p> : null}
        <div className="table-wrap">
          <table className="data-table steps-table">
            <caption>{t('procedures.stepsCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('procedures.col.offsetDays')}</th>
                <th scope="col">{t('procedures.col.id')}</th>
                <th scope="col">{t('procedures.col.channel')}</th>
                <th scope="col">{t('procedures.col.template')}</th>
                <th scope="col">{t('procedures.col.tone')}</th>
                <th scope="col">{t('procedures.options')}</th>
                <th scope="col">
                  <span className="sr-only">{t('customer.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {steps.map((s, i) => (
                <StepRow
                  key={i}
                  step={s}
                  index={i}
                  readOnly={readOnly}
                  error={(f) => error?.field(f)}
                  onChange={(n) => setSteps(steps.map((x, j) => (j === i ? n : x)))}
                  onRemove={() => setSteps(steps.filter((_, j) => j !== i))}
                  onPreview={() => setPreviewStep(s)}
                />
              ))}
            </tbody>
          </table>
        </div>
        <p className="hint">{t('procedures.offsetHint')}</p>
        {readOnly ? (
          <p className="notice">{t('common.ownerOnly')}</p>
        ) : (
          <div className="button-row">
            <button type="button" onClick={addStep}>
              {t('procedures.addStep')}
            </button>
            <button type="submit" className="button-primary" disabled={busy || !dirty}>
              {busy ? t('common.saving') : t('procedures.save')}
            </button>
            <button
              type="button"
              disabled={!dirty}
              onClick={() => {
                setName(procedure.name);
                setSteps(procedure.steps);
                setError(null);
              }}
            >
              {t('procedures.discard')}
            </button>
          </div>
        )}
      </form>
      {previewStep ? (
        <TemplatePreview
          key={`${previewStep.id}-${previewStep.template}-${previewStep.channel}`}
          template={previewStep.template}
          channel={previewStep.channel}
          canEdit={!readOnly}
        />
      ) : null}
    </div>
  );
}

export function ProceduresPage() {
  const { t } = useI18n();
  const { data, error, reload } = useApi<{ items: Procedure[] }>('procedures');
  const [selected, setSelected] = useState<string | null>(null);
  useEffect(() => {
    if (!selected && data?.items[0]) setSelected(data.items[0].id);
  }, [data, selected]);
  if (!data) return <PageState title={t('procedures.title')} error={error} retry={() => void reload()} />;
  const current = data.items.find((p) => p.id === selected) ?? data.items[0] ?? null;
  return (
    <div className="page procedures">
      <h1>{t('procedures.title')}</h1>
      <p className="muted">{t('procedures.intro')}</p>
      <div className="field">
        <label htmlFor="procedure-select">{t('procedures.choose')}</label>
        <select id="procedure-select" value={current?.id ?? ''} onChange={(e) => setSelected(e.target.value)}>
          {data.items.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </div>
      {current ? (
        <Editor
          key={current.id + JSON.stringify(current.steps)}
          procedure={current}
          onSaved={() => void reload()}
        />
      ) : null}
    </div>
  );
}
