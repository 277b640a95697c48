/**
 * The units a notice goes to: a checklist of the units in the leader's scope
 * (tree order, indented). Choosing a unit includes every unit below it, as the
 * server does, so those are shown ticked and locked. A search box filters by
 * name or SMS code without diacritics.
 */
import { useMemo, useState } from 'react';
import type { UnitItem } from '../../api/types';
import { useErrorText } from '../../components/Notice';
import { useI18n } from '../../i18n/i18n';
import { fold, type ScopeUnits } from './useScopeUnits';

interface Props {
  scope: ScopeUnits;
  selected: readonly string[];
  onChange(codes: string[]): void;
  describedBy: string;
}

export function AudiencePicker({ scope, selected, onChange, describedBy }: Props) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const [q, setQ] = useState('');
  const units = scope.units;
  const chosen = useMemo(() => (units ?? []).filter((u) => selected.includes(u.smsCode!)), [units, selected]);
  const coveredBy = (u: UnitItem) => chosen.find((c) => c.id !== u.id && u.path.startsWith(c.path)) ?? null;
  const minDepth = Math.min(...(units ?? []).map((u) => u.depth));
  const needle = fold(q.trim());
  const shown = (units ?? []).filter((u) => !needle || fold(u.name).includes(needle) || fold(u.smsCode!).includes(needle));

  if (scope.error != null) {
    return (
      <div className="notice notice-error" role="alert">
        <span>{errorText(scope.error)}</span>
        <button type="button" className="btn btn-small" onClick={scope.reload}>{t('retry')}</button>
      </div>
    );
  }
  if (!units) return <p className="muted" role="status">{t('loading')}</p>;
  if (units.length === 0) return <p className="muted">{t('ntNoUnits')}</p>;

  const toggle = (code: string, on: boolean) => onChange(on ? [...selected, code] : selected.filter((c) => c !== code));
  return (
    <div className="nt-audience">
      {chosen.length > 0 && (
        <ul className="nt-chips" aria-label={t('ntChosenUnits')}>
          {chosen.map((u) => (
            <li key={u.id} className="nt-chip">
              {u.name}
              <button type="button" className="nt-chip-x" aria-label={t('ntRemoveUnit', { name: u.name })} onClick={() => toggle(u.smsCode!, false)}>×</button>
            </li>
          ))}
        </ul>
      )}
      {units.length > 6 && (
        <input type="search" className="nt-unit-search" value={q} onChange={(e) => setQ(e.target.value)}
          placeholder={t('ntUnitSearch')} aria-label={t('ntUnitSearch')} />
      )}
      <fieldset className="nt-unit-list" aria-describedby={describedBy}>
        <legend className="visually-hidden">{t('ntAudience')}</legend>
        {shown.length === 0 && <p className="muted small">{t('ntNoUnitMatch')}</p>}
        {shown.map((u) => {
          const cover = coveredBy(u);
          const on = selected.includes(u.smsCode!);
          return (
            <label key={u.id} className={`check nt-unit nt-depth-${Math.min(4, u.depth - minDepth)}`}>
              <input type="checkbox" checked={on || !!cover} disabled={!!cover && !on} onChange={(e) => toggle(u.smsCode!, e.target.checked)} />
              <span className="nt-unit-name">{u.name}</span>
              <span className="nt-unit-code">{u.smsCode}</span>
              {cover && <span className="nt-unit-covered small muted">{t('ntIncludedIn', { name: cover.name })}</span>}
            </label>
          );
        })}
      </fieldset>
    </div>
  );
}
