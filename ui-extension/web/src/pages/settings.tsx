// The firm's settings (owner only to change): who the messages come from, when they may be sent,
// the language, review mode (nothing sent until switched off), and the fees and interest stated.
import { useEffect, useState } from 'react';
import { api, ApiError } from '../api/client.ts';
import type { Language, Settings } from '../api/types.ts';
import { useAnnounce } from '../components/announcer.tsx';
import { Field, FormError } from '../components/field.tsx';
import { PageState } from '../components/status.tsx';
import { LANGUAGE_NAMES, LANGUAGES, useI18n } from '../i18n/index.tsx';
import { useSession } from '../session.tsx';
import { useApi } from '../use-api.ts';
import { UsersPanel } from './users.tsx';

/** ISO weekday 1 (Monday) … 7 (Sunday), named in the reader's locale. */
function weekdayName(day: number, locale: string): string {
  return new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(2024, 0, day)), // 2024-01-01 was a Monday
  );
}

const orNull = (s: string) => (s.trim() === '' ? null : s);

export function SettingsPage() {
  const { t, locale } = useI18n();
  const session = useSession();
  const readOnly = !session.can('own');
  const announce = useAnnounce();
  const { data, error: loadError, reload } = useApi<Settings>('settings');
  const [form, setForm] = useState<Settings | null>(null);
  const [discountText, setDiscountText] = useState({ percent: '', withinDays: '' });
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!data) return;
    setForm(structuredClone(data));
    const d = data.fees.earlyPaymentDiscount;
    setDiscountText({ percent: d ? String(d.percent) : '', withinDays: d ? String(d.withinDays) : '' });
  }, [data]);
  if (!form) return <PageState title={t('settings.title')} error={loadError} retry={() => void reload()} />;

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
  const sender = (changes: Partial<Settings['sender']>) =>
    setForm({ ...form, sender: { ...form.sender, ...changes } });
  const hours = (changes: Partial<Settings['businessHours']>) =>
    setForm({ ...form, businessHours: { ...form.businessHours, ...changes } });
  const fees = (changes: Partial<Settings['fees']>) =>
    setForm({ ...form, fees: { ...form.fees, ...changes } });
  const f = (path: string) => error?.field(path);
  const discountOn = form.fees.earlyPaymentDiscount !== null;

  const save = () => {
    const discount = discountOn
      ? {
          percent: Number(discountText.percent.replace(',', '.')),
          withinDays: Number(discountText.withinDays),
        }
      : null;
    void patch(
      {
        sender: form.sender,
        businessHours: form.businessHours,
        language: form.language,
        fees: { ...form.fees, earlyPaymentDiscount: discount },
      },
      t('settings.saved'),
    );
  };

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
          save();
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
                required
                value={form.sender.name}
                onChange={(e) => sender({ name: e.target.value })}
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
                onChange={(e) => sender({ email: orNull(e.target.value) })}
              />
            )}
          </Field>
          <Field label={t('settings.phone')} error={f('sender.phone')}>
            {(p) => (
              <input
                {...p}
                type="tel"
                value={form.sender.phone ?? ''}
                onChange={(e) => sender({ phone: orNull(e.target.value) })}
              />
            )}
          </Field>
          <Field label={t('settings.address')} error={f('sender.address')}>
            {(p) => (
              <textarea
                {...p}
                rows={3}
                value={form.sender.address ?? ''}
                onChange={(e) => sender({ address: orNull(e.target.value) })}
              />
            )}
          </Field>
          <div className="inline-fields">
            <Field label={t('settings.iban')} hint={t('settings.ibanHint')} error={f('sender.iban')}>
              {(p) => (
                <input
                  {...p}
                  type="text"
                  autoComplete="off"
                  value={form.sender.iban ?? ''}
                  onChange={(e) => sender({ iban: orNull(e.target.value) })}
                />
              )}
            </Field>
            <Field label={t('settings.bic')} error={f('sender.bic')}>
              {(p) => (
                <input
                  {...p}
                  type="text"
                  autoComplete="off"
                  value={form.sender.bic ?? ''}
                  onChange={(e) => sender({ bic: orNull(e.target.value) })}
                />
              )}
            </Field>
          </div>
        </fieldset>
        <fieldset className="panel" disabled={readOnly}>
          <legend>{t('settings.hours')}</legend>
          <fieldset className={f('businessHours.days') ? 'field-invalid' : undefined}>
            <legend>{t('settings.days')}</legend>
            <div className="inline-fields">
              {[1, 2, 3, 4, 5, 6, 7].map((d) => (
                <span className="check" key={d}>
                  <input
                    id={`day-${d}`}
                    type="checkbox"
                    checked={form.businessHours.days.includes(d)}
                    onChange={(e) =>
                      hours({
                        days: e.target.checked
                          ? [...form.businessHours.days, d].sort()
                          : form.businessHours.days.filter((x) => x !== d),
                      })
                    }
                  />
                  <label htmlFor={`day-${d}`}>{weekdayName(d, locale)}</label>
                </span>
              ))}
            </div>
            {f('businessHours.days') ? <p className="field-error">{f('businessHours.days')}</p> : null}
          </fieldset>
          <div className="inline-fields">
            <Field label={t('settings.from')} error={f('businessHours.start')}>
              {(p) => (
                <input
                  {...p}
                  type="time"
                  value={form.businessHours.start}
                  onChange={(e) => hours({ start: e.target.value })}
                />
              )}
            </Field>
            <Field label={t('settings.to')} error={f('businessHours.end')}>
              {(p) => (
                <input
                  {...p}
                  type="time"
                  value={form.businessHours.end}
                  onChange={(e) => hours({ end: e.target.value })}
                />
              )}
            </Field>
          </div>
          <Field label={t('settings.language')} hint={t('settings.languageHint')} error={f('language')}>
            {(p) => (
              <select
                {...p}
                value={form.language}
                onChange={(e) => setForm({ ...form, language: e.target.value as Language })}
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
              checked={form.fees.statutoryInterest}
              onChange={(e) => fees({ statutoryInterest: e.target.checked })}
            />
            <label htmlFor="fees-interest">{t('settings.interest')}</label>
          </div>
          <div className="check">
            <input
              id="fees-compensation"
              type="checkbox"
              checked={form.fees.fixedCompensation}
              onChange={(e) => fees({ fixedCompensation: e.target.checked })}
            />
            <label htmlFor="fees-compensation">{t('settings.compensation')}</label>
          </div>
          <div className="check">
            <input
              id="fees-discount"
              type="checkbox"
              checked={discountOn}
              onChange={(e) =>
                fees({ earlyPaymentDiscount: e.target.checked ? { percent: 2, withinDays: 10 } : null })
              }
            />
            <label htmlFor="fees-discount">{t('settings.discount')}</label>
          </div>
          {discountOn ? (
            <div className="inline-fields">
              <Field label={t('settings.discountPercent')} error={f('fees.earlyPaymentDiscount.percent')}>
                {(p) => (
                  <input
                    {...p}
                    type="text"
                    inputMode="decimal"
                    className="input-narrow"
                    value={discountText.percent}
                    placeholder="2"
                    onChange={(e) => setDiscountText({ ...discountText, percent: e.target.value })}
                  />
                )}
              </Field>
              <Field label={t('settings.discountDays')} error={f('fees.earlyPaymentDiscount.withinDays')}>
                {(p) => (
                  <input
                    {...p}
                    type="number"
                    className="input-narrow"
                    min={1}
                    max={90}
                    value={discountText.withinDays}
                    placeholder="10"
                    onChange={(e) => setDiscountText({ ...discountText, withinDays: e.target.value })}
                  />
                )}
              </Field>
            </div>
          ) : null}
        </fieldset>
        {readOnly ? null : (
          <div className="button-row">
            <button type="submit" className="button-primary" disabled={busy}>
              {busy ? t('common.saving') : t('settings.save')}
            </button>
          </div>
        )}
      </form>
      <UsersPanel />
    </div>
  );
}
