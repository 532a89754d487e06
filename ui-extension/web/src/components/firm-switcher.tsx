// A person who works for several firms (an accountant, the demo's sandbox firms) switches between
// them here; the session is re-issued for the chosen firm and the panel starts again there.
import { useState } from 'react';
import { api, ApiError } from '../api/client.ts';
import type { Role } from '../api/types.ts';
import { useI18n } from '../i18n/index.tsx';
import { useApi } from '../use-api.ts';
import { useAnnounce } from './announcer.tsx';

interface FirmChoice {
  id: string;
  name: string;
  role: Role;
  current: boolean;
}

export function FirmSwitcher() {
  const { t } = useI18n();
  const announce = useAnnounce();
  const firms = useApi<{ items: FirmChoice[] }>('session/firms');
  const [busy, setBusy] = useState(false);
  const items = firms.data?.items ?? [];
  if (items.length < 2) return null;
  const current = items.find((f) => f.current)?.id ?? '';
  return (
    <div className="lang-switch">
      <label htmlFor="firm-switch">{t('header.firm')}</label>
      <select
        id="firm-switch"
        value={current}
        disabled={busy}
        onChange={async (e) => {
          setBusy(true);
          try {
            await api.post('session/switch', { firmId: e.target.value });
            window.location.assign('/app/');
          } catch (err) {
            announce(t('action.failed', { message: (err as ApiError).message }), 'error');
            setBusy(false);
          }
        }}
      >
        {items.map((f) => (
          <option key={f.id} value={f.id}>
            {f.name}
          </option>
        ))}
      </select>
    </div>
  );
}
