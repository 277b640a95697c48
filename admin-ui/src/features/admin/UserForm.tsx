/** Fields of an account, for creating one (with username and password) or editing one. */
import { useState, type FormEvent } from 'react';
import { ApiError, type FieldMessages } from '../../api/client';
import type { Account, Role } from '../../api/types';
import { FieldError } from '../../components/FieldError';
import { useErrorText } from '../../components/Notice';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { unitLabel, useUnits } from '../../lib/catalog';

export interface UserFormValues { username: string; displayName: string; password: string; role: Role; unitId: string; canReveal: boolean }

export const ROLES: { value: Role; key: MessageKey }[] = [
  { value: 'officer', key: 'roleOfficer' }, { value: 'leader', key: 'roleLeader' }, { value: 'admin', key: 'roleAdmin' },
];

export const valuesOf = (a?: Account): UserFormValues => ({
  username: a?.username ?? '', displayName: a?.displayName ?? '', password: '', role: a?.role ?? 'officer',
  unitId: a ? String(a.unit.id) : '', canReveal: a?.canReveal ?? false,
});

interface Props { initial: UserFormValues; creating: boolean; submitLabel: string; onSubmit(v: UserFormValues): Promise<void> }

export function UserForm({ initial, creating, submitLabel, onSubmit }: Props) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const units = useUnits();
  const [v, setV] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [fields, setFields] = useState<FieldMessages>({});
  const [error, setError] = useState<string | null>(null);
  const set = (patch: Partial<UserFormValues>) => setV((old) => ({ ...old, ...patch }));
  const p = creating ? 'new-user' : 'edit-user';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setFields({});
    setError(null);
    try {
      await onSubmit(v);
      if (creating) setV(valuesOf());
    } catch (err) {
      if (err instanceof ApiError && Object.keys(err.fields).length) setFields(err.fields);
      else setError(errorText(err));
    } finally { setBusy(false); }
  };

  return (
    <form className="user-form" onSubmit={(e) => void submit(e)}>
      {error && <p className="notice notice-error" role="alert">{error}</p>}
      <div className="form-grid">
        {creating && (
          <div>
            <label htmlFor={`${p}-username`}>{t('username')}</label>
            <input id={`${p}-username`} value={v.username} autoCapitalize="none" spellCheck={false} pattern="[a-z0-9._\-]{3,64}"
              onChange={(e) => set({ username: e.target.value })} aria-describedby={`${p}-username-err`} />
            <FieldError id={`${p}-username-err`} fields={fields} name="username" />
          </div>
        )}
        <div>
          <label htmlFor={`${p}-name`}>{t('displayName')}</label>
          <input id={`${p}-name`} value={v.displayName} onChange={(e) => set({ displayName: e.target.value })} aria-describedby={`${p}-name-err`} />
          <FieldError id={`${p}-name-err`} fields={fields} name="displayName" />
        </div>
        {creating && (
          <div>
            <label htmlFor={`${p}-password`}>{t('initialPassword')}</label>
            <input id={`${p}-password`} type="password" autoComplete="new-password" value={v.password}
              onChange={(e) => set({ password: e.target.value })} aria-describedby={`${p}-password-err`} />
            <FieldError id={`${p}-password-err`} fields={fields} name="password" />
          </div>
        )}
        <div>
          <label htmlFor={`${p}-role`}>{t('role')}</label>
          <select id={`${p}-role`} value={v.role} onChange={(e) => set({ role: e.target.value as Role })}>
            {ROLES.map((r) => <option key={r.value} value={r.value}>{t(r.key)}</option>)}
          </select>
          <FieldError id={`${p}-role-err`} fields={fields} name="role" />
        </div>
        <div>
          <label htmlFor={`${p}-unit`}>{t('userUnit')}</label>
          <select id={`${p}-unit`} value={v.unitId} onChange={(e) => set({ unitId: e.target.value })} aria-describedby={`${p}-unit-err`}>
            <option value="">{t('chooseUnit')}</option>
            {units.map((u) => <option key={u.id} value={u.id}>{unitLabel(u)}</option>)}
          </select>
          <FieldError id={`${p}-unit-err`} fields={fields} name="unitId" />
        </div>
      </div>
      <label className="check">
        <input type="checkbox" checked={v.canReveal} onChange={(e) => set({ canReveal: e.target.checked })} />
        {t('canReveal')}
      </label>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>{submitLabel}</button>
      </div>
    </form>
  );
}
