// A step's message rendered for a real customer (POST /templates/preview), refreshed as the text is
// edited; the firm's own wording for a template and language is saved with PUT /templates/...
import { useEffect, useState } from 'react';
import { api, ApiError, qs } from '../api/client.ts';
import type {
  CustomerSummary,
  Language,
  Page,
  TemplatePreview as Preview,
  TemplateText,
} from '../api/types.ts';
import { useAnnounce } from '../components/announcer.tsx';
import { Field } from '../components/field.tsx';
import { LANGUAGE_NAMES, LANGUAGES, useI18n } from '../i18n/index.tsx';

export function TemplatePreview({
  template,
  channel,
  canEdit,
}: {
  template: string;
  channel: string;
  canEdit: boolean;
}) {
  const { t, tOr, lang } = useI18n();
  const announce = useAnnounce();
  const [search, setSearch] = useState('');
  const [customers, setCustomers] = useState<CustomerSummary[]>([]);
  const [customerId, setCustomerId] = useState('');
  const [language, setLanguage] = useState<Language | ''>('');
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [editing, setEditing] = useState(false);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [placeholders, setPlaceholders] = useState<string[]>([]);

  // Customers to preview for: the most overdue first, or those matching the search.
  useEffect(() => {
    let live = true;
    const timer = window.setTimeout(async () => {
      try {
        const page = await api.get<Page<CustomerSummary>>(
          `customers${qs({ q: search, sort: 'overdue', order: 'desc', pageSize: 20, status: search ? 'all' : 'overdue' })}`,
        );
        if (!live) return;
        setCustomers(page.items);
        if (page.items[0] && !page.items.some((c) => c.id === customerId)) setCustomerId(page.items[0].id);
      } catch {
        // The preview says why when it fails; an empty list here is enough.
      }
    }, 250);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [search]);

  // The firm's saved wording for this template and language, when editing.
  useEffect(() => {
    if (!editing) return;
    let live = true;
    api
      .get<{ placeholders: string[]; items: TemplateText[] }>('templates')
      .then((r) => {
        if (!live) return;
        setPlaceholders(r.placeholders);
        const l = language || lang;
        const found = r.items.find((x) => x.template === template && x.language === l);
        if (found) {
          setSubject(found.subject ?? '');
          setBody(found.body ?? '');
        }
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [editing, template, language, lang]);

  // Live preview, once typing pauses.
  useEffect(() => {
    if (!customerId) return;
    let live = true;
    const timer = window.setTimeout(async () => {
      try {
        const r = await api.post<Preview>('templates/preview', {
          customerId,
          template,
          channel,
          ...(language ? { language } : {}),
          ...(editing && body.trim() ? { body, ...(subject.trim() ? { subject } : {}) } : {}),
        });
        if (!live) return;
        setPreview(r);
        setError(null);
      } catch (err) {
        if (live) setError(err instanceof ApiError ? err : new ApiError(0, 'client', String(err)));
      }
    }, 300);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [customerId, template, channel, language, subject, body, editing]);

  const saveText = async () => {
    setBusy(true);
    try {
      await api.put(`templates/${template}/${language || lang}`, { subject, body });
      announce(t('preview.saved'));
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError(0, 'client', String(err));
      setError(e);
      announce(t('action.failed', { message: e.message }), 'error');
    } finally {
      setBusy(false);
    }
  };

  const templateName = tOr(`template.${template}`, template);
  return (
    <section className="panel preview" aria-labelledby="preview-title">
      <h2 id="preview-title">{t('preview.title', { template: templateName })}</h2>
      <div className="preview-controls">
        <Field label={t('preview.findCustomer')}>
          {(p) => <input {...p} type="search" value={search} onChange={(e) => setSearch(e.target.value)} />}
        </Field>
        <Field label={t('preview.customer')} error={error?.field('customerId')}>
          {(p) => (
            <select {...p} value={customerId} onChange={(e) => setCustomerId(e.target.value)}>
              {customers.length === 0 ? <option value="">{t('customers.none')}</option> : null}
              {customers.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('preview.language')} error={error?.field('language')}>
          {(p) => (
            <select {...p} value={language} onChange={(e) => setLanguage(e.target.value as Language | '')}>
              <option value="">{t('preview.customerLanguage')}</option>
              {LANGUAGES.map((l) => (
                <option key={l} value={l}>
                  {LANGUAGE_NAMES[l]}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      {canEdit ? (
        <div className="check">
          <input
            id="preview-edit"
            type="checkbox"
            checked={editing}
            onChange={(e) => setEditing(e.target.checked)}
          />
          <label htmlFor="preview-edit">{t('preview.editText')}</label>
        </div>
      ) : null}
      {editing ? (
        <div className="template-text">
          <Field label={t('preview.subject')} error={error?.field('subject')}>
            {(p) => <input {...p} type="text" value={subject} onChange={(e) => setSubject(e.target.value)} />}
          </Field>
          <Field
            label={t('preview.body')}
            hint={`${t('preview.bodyHint')}${placeholders.length ? ` ${t('preview.placeholders', { list: placeholders.join(', ') })}` : ''}`}
            error={error?.field('body')}
          >
            {(p) => <textarea {...p} rows={8} value={body} onChange={(e) => setBody(e.target.value)} />}
          </Field>
          <button
            type="button"
            className="button-primary"
            disabled={busy || !body.trim() || !subject.trim()}
            onClick={() => void saveText()}
          >
            {t('preview.saveText', { language: LANGUAGE_NAMES[language || lang] })}
          </button>
        </div>
      ) : null}
      {error && error.fields.length === 0 ? (
        <p className="form-error" role="alert">
          {error.message}
        </p>
      ) : null}
      <div className="preview-output" aria-live="polite" data-testid="template-preview">
        {preview ? (
          <>
            {preview.subject ? (
              <p className="preview-subject">
                <span className="muted">{t('preview.subject')}:</span> <strong>{preview.subject}</strong>
              </p>
            ) : null}
            {preview.html ? (
              <iframe
                className="mail-frame"
                title={t('preview.htmlFrame')}
                sandbox=""
                srcDoc={preview.html}
              />
            ) : (
              <pre className="mail-text">{preview.text}</pre>
            )}
          </>
        ) : customerId ? (
          <p className="muted">{t('common.loading')}</p>
        ) : null}
      </div>
    </section>
  );
}
