// The firm's users and their roles (owners change them; the API keeps at least one owner).
import { api, ApiError } from '../api/client.ts';
import type { Role, User } from '../api/types.ts';
import { useAnnounce } from '../components/announcer.tsx';
import { useI18n, type Key } from '../i18n/index.tsx';
import { useSession } from '../session.tsx';
import { useApi } from '../use-api.ts';

const ROLES: Role[] = ['owner', 'controller', 'viewer'];

export function UsersPanel() {
  const { t } = useI18n();
  const session = useSession();
  const announce = useAnnounce();
  const users = useApi<{ items: User[] }>('users');
  if (!users.data) return null;
  const canEdit = session.can('own');
  return (
    <section className="panel" aria-labelledby="users-title">
      <h2 id="users-title">{t('settings.users')}</h2>
      <div className="table-wrap">
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t('settings.userName')}</th>
              <th scope="col">{t('settings.userEmail')}</th>
              <th scope="col">{t('settings.userRole')}</th>
            </tr>
          </thead>
          <tbody>
            {users.data.items.map((u) => (
              <tr key={u.id}>
                <th scope="row">{u.name ?? '—'}</th>
                <td>{u.email ?? '—'}</td>
                <td>
                  {canEdit ? (
                    <select
                      aria-label={t('settings.roleFor', { name: u.name ?? u.email ?? u.id })}
                      value={u.role}
                      onChange={async (e) => {
                        try {
                          await api.patch(`users/${u.id}`, { role: e.target.value });
                          announce(t('settings.roleSaved'));
                        } catch (err) {
                          const e2 = err as ApiError;
                          announce(t('action.failed', { message: e2.field('role') ?? e2.message }), 'error');
                        }
                        await users.reload();
                      }}
                    >
                      {ROLES.map((r) => (
                        <option key={r} value={r}>
                          {t(`role.${r}` as Key)}
                        </option>
                      ))}
                    </select>
                  ) : (
                    t(`role.${u.role}` as Key)
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
