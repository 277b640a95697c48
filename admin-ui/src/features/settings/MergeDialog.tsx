/**
 * Merging a unit: choose the successor (same kind, active, not below it), see
 * exactly what would move (the server's dry run), tick the confirmation, merge.
 */
import { useState } from 'react';
import { settings, type MergeResult, type UnitListItem } from '../../api/settings';
import { Dialog } from '../../components/Dialog';
import { FieldError } from '../../components/FieldError';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { fieldProps, treeLabel, useSaveErrors } from './shared';

const LINES: { key: keyof MergeResult['moved']; label: MessageKey; always?: boolean }[] = [
  { key: 'openReports', label: 'cfgMovedOpen', always: true },
  { key: 'keptReports', label: 'cfgMovedKept', always: true },
  { key: 'users', label: 'cfgMovedUsers', always: true },
  { key: 'childUnits', label: 'cfgMovedChildren' },
  { key: 'subscriptions', label: 'cfgMovedSubs', always: true },
  { key: 'subscriptionsSwitchedOff', label: 'cfgMovedSubsOff' },
  { key: 'contacts', label: 'cfgMovedContacts' },
  { key: 'cannedReplies', label: 'cfgMovedCanned' },
  { key: 'routingRules', label: 'cfgMovedRules' },
  { key: 'notices', label: 'cfgMovedNotices' },
];

interface Props { unit: UnitListItem; units: UnitListItem[]; onClose(): void; onMerged(name: string, into: string): void }

export function MergeDialog({ unit, units, onClose, onMerged }: Props) {
  const { t } = useI18n();
  const [intoId, setIntoId] = useState('');
  const [preview, setPreview] = useState<MergeResult | null>(null);
  const [confirmed, setConfirmed] = useState(false);
  const [busy, setBusy] = useState(false);
  const [errors, fail, clear] = useSaveErrors();
  const targets = units.filter((u) => u.active && u.kind === unit.kind && u.id !== unit.id && !u.path.startsWith(unit.path));
  const choose = (v: string) => { setIntoId(v); setPreview(null); setConfirmed(false); clear(); };
  const run = async (dryRun: boolean) => {
    setBusy(true);
    clear();
    try {
      const r = await settings.mergeUnit(unit.id, Number(intoId), dryRun);
      if (dryRun) setPreview(r); else onMerged(unit.name, r.into.name);
    } catch (err) { fail(err); } finally { setBusy(false); }
  };
  const f = errors.fields;
  return (
    <Dialog title={t('cfgMergeTitle', { name: unit.name })} onClose={onClose}>
      <div className="dialog-body">
        {errors.message && <p className="notice notice-error" role="alert">{errors.message}</p>}
        <label htmlFor="merge-into">{t('cfgMergeInto')}</label>
        <select {...fieldProps('merge-into', f, 'intoUnitId')} value={intoId} onChange={(e) => choose(e.target.value)}>
          <option value="">{t('cfgChooseUnit')}</option>
          {targets.map((u) => <option key={u.id} value={u.id}>{`${treeLabel(u)}${u.smsCode ? ` (${u.smsCode})` : ''}`}</option>)}
        </select>
        <FieldError id="merge-into-err" fields={f} name="intoUnitId" />
        <p className="muted small">{t('cfgMergeIntoHint')}</p>
        <div className="form-actions">
          <button type="button" className="btn" disabled={!intoId || busy} onClick={() => void run(true)}>{t('cfgMergePreview')}</button>
        </div>
        {preview && (
          <div className="merge-summary" role="status">
            <p>{t('cfgMergeExplain', { name: unit.name, into: preview.into.name })}</p>
            <ul>
              {LINES.filter((l) => l.always || preview.moved[l.key] > 0).map((l) => (
                <li key={l.key}>{t(l.label, { n: preview.moved[l.key] })}</li>
              ))}
            </ul>
            <label className="check"><input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} />{t('cfgMergeConfirm')}</label>
            <div className="form-actions">
              <button type="button" className="btn btn-danger" disabled={!confirmed || busy} onClick={() => void run(false)}>{t('cfgMergeDo')}</button>
              <button type="button" className="btn" onClick={onClose}>{t('cancel')}</button>
            </div>
          </div>
        )}
      </div>
    </Dialog>
  );
}
