// The firm's settings (owner only to change): who the messages come from, when they may be sent,
// the language, review mode (nothing sent until switched off), and the fees and interest stated.
import { useEffect, useState } from 'react';
import { api, ApiError } from '../api/client.ts';
import type { Language, Settings } from '../api/types.ts';
import { useAnnounce } from '../components/announcer.tsx';
import { Field, FormError } from '../components/field.tsx';
import { LoadError, Loading } from '../components/status.tsx';
import { LANGUAGE_NAMES, LANGUAGES, useI18n } from '../i18n/index.tsx';
import { useSession } from '../session.tsx';
import { useApi } from '../use-api.ts';

export function SettingsPage() {
  const { t } = useI18n();
  const session = useSession();
  const readOnly = !session.can('own');
  const announce = useAnnounce();
  const { data, error: loadError, reload } = useApi<Settings>('settings');
  const [form, setForm] = useState<Settings | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (data) setForm(structuredClone(data));
  }, [data]);
  if (loadError && !data) return <LoadError error={loadError} retry={() => void reload()} />;
  if (!form) return <Loading />;

  const patch = async (body: Partial<Settings>, success: string) => {
    setBusy(true);
    setError(null);
    try {
      await api.patch('settings', body);
      announce(success);
      await reload();
      await session.refresh();
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError(0, 'client', String(err));
      setError(e);
      announce(t('action.failed', { message: e.message }), 'error');
    } finally {
      setBusy(false);
    }
  };
  const set = <K extends keyof Settings>(k: K, v: Settings[K]) => setForm({ ...form, [k]: v });
  const f = (path: string) => error?.field(path);
  return (
    <div className="page settings">
      <h1>{t('settings.title')}</h1>
      {readOnly ? <p className="notice">{t('common.ownerOnly')}</p> : null}

      <section
        aria-labelledby="mode-title"
        className={`panel mode-panel ${form.reviewMode ? 'mode-review' : 'mode-sending'}`}
      >
        <h2 id="mode-title">{t('settings.mode')}</h2>
        <p>
          <strong>{form.reviewMode ? t('mode.review') : t('mode.sending')}</strong> —{' '}
          {form.reviewMode ? t('mode.reviewHint') : t('mode.sendingHint')}
        </p>
        {readOnly ? null : (
          <button
            type="button"
            className={form.reviewMode ? 'button-danger' : 'button-primary'}
            disabled={busy}
            onClick={() =>
              void patch(
                { reviewMode: !form.reviewMode },
                form.reviewMode ? t('settings.nowSending') : t('settings.nowReview'),
              )
            }
          >
            {form.reviewMode ? t('settings.startSending') : t('settings.backToReview')}
          </button>
        )}
      </section>

      <form
        onSubmit={(e) => {
          e.preventDefault();
          void patch(
            {
              sender: form.sender,
              businessHours: form.businessHours,
              language: form.language,
              fees: form.fees,
            },
            t('settings.saved'),
          );
        }}
      >
        <FormError error={error && error.fields.length === 0 ? error : null} />
        <fieldset className="panel" disabled={readOnly}>
          <legend>{t('settings.sender')}</legend>
          <Field label={t('settings.senderName')} error={f('sender.name')}>
            {(p) => (
              <input
                {...p}
                type="text"
                value={form.sender.name ?? ''}
                onChange={(e) => set('sender', { ...form.sender, name: e.target.value || null })}
              />
            )}
          </Field>
          <Field
            label={t('settings.senderEmail')}
            hint={t('settings.senderEmailHint')}
            error={f('sender.email')}
          >
            {(p) => (
              <input
                {...p}
                type="email"
                value={form.sender.email ?? ''}
                onChange={(e) => set('sender', { ...form.sender, email: e.target.value || null })}
              />
            )}
          </Field>
          {'replyTo' in form.sender ? (
            <Field label={t('settings.replyTo')} error={f('sender.replyTo')}>
              {(p) => (
                <input
                  {...p}
                  type="email"
                  value={form.sender.replyTo ?? ''}
                  onChange={(e) => set('sender', { ...form.sender, replyTo: e.target.value || null })}
                />
              )}
            </Field>
          ) : null}
          {'phone' in form.sender ? (
            <Field label={t('settings.phone')} error={f('sender.phone')}>
              {(p) => (
                <input
                  {...p}
                  type="tel"
                  value={form.sender.phone ?? ''}
                  onChange={(e) => set('sender', { ...form.sender, phone: e.target.value || null })}
                />
              )}
            </Field>
          ) : null}
        </fieldset>
        <fieldset className="panel" disabled={readOnly}>
          <legend>{t('settings.hours')}</legend>
          <div className="inline-fields">
            <Field label={t('settings.from')} error={f('businessHours.start')}>
              {(p) => (
                <input
                  {...p}
                  type="time"
                  value={form.businessHours.start}
                  onChange={(e) => set('businessHours', { ...form.businessHours, start: e.target.value })}
                />
              )}
            </Field>
            <Field label={t('settings.to')} error={f('businessHours.end')}>
              {(p) => (
                <input
                  {...p}
                  type="time"
                  value={form.businessHours.end}
                  onChange={(e) => set('businessHours', { ...form.businessHours, end: e.target.value })}
                />
              )}
            </Field>
          </div>
          <Field label={t('settings.language')} hint={t('settings.languageHint')} error={f('language')}>
            {(p) => (
              <select
                {...p}
                value={form.language}
                onChange={(e) => set('language', e.target.value as Language)}
              >
                {LANGUAGES.map((l) => (
                  <option key={l} value={l}>
                    {LANGUAGE_NAMES[l]}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </fieldset>
        <fieldset className="panel" disabled={readOnly}>
          <legend>{t('settings.fees')}</legend>
          <p className="hint">{t('settings.feesHint')}</p>
          <div className="check">
            <input
              id="fees-interest"
              type="checkbox"
              checked={Boolean(form.fees.chargeInterest)}
              onChange={(e) => set('fees', { ...form.fees, chargeInterest: e.target.checked })}
            />
            <label htmlFor="fees-interest">{t('settings.interest')}</label>
          </div>
          <div className="check">
            <input
              id="fees-compensation"
              type="checkbox"
              checked={Boolean(form.fees.chargeCompensation)}
              onChange={(e) => set('fees', { ...form.fees, chargeCompensation: e.target.checked })}
            />
            <label htmlFor="fees-compensation">{t('settings.compensation')}</label>
          </div>
          {f('fees') ? <p className="field-error">{f('fees')}</p> : null}
        </fieldset>
        {readOnly ? null : (
          <div className="button-row">
            <button type="submit" className="button-primary" disabled={busy}>
              {busy ? t('common.saving') : t('settings.save')}
            </button>
          </div>
        )}
      </form>
    </div>
  );
}
