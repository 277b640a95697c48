/** The unit tree: every unit (merged ones on request), adding one, editing one, merging one into another. */
import { useMemo, useState, type FormEvent } from 'react';
import { PARENT_KINDS, UNIT_KINDS, settings, type UnitKind, type UnitListItem } from '../../api/settings';
import { Dialog } from '../../components/Dialog';
import { FieldError } from '../../components/FieldError';
import { Notice, type NoticeState } from '../../components/Notice';
import { useI18n } from '../../i18n/i18n';
import { MergeDialog } from './MergeDialog';
import { fieldProps, kindLabel, treeLabel, useLoaded, useSaveErrors } from './shared';

function NewUnitForm({ units, onCreated }: { units: UnitListItem[]; onCreated(name: string, code: string): void }) {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<UnitKind>('commune');
  const [parentId, setParentId] = useState('');
  const [smsCode, setSmsCode] = useState('');
  const [isTriage, setIsTriage] = useState(false);
  const [busy, setBusy] = useState(false);
  const [errors, fail, clear] = useSaveErrors();
  const parents = units.filter((u) => u.active && PARENT_KINDS[kind].includes(u.kind));
  const topLevel = PARENT_KINDS[kind].includes(null);
  const changeKind = (k: UnitKind) => {
    setKind(k);
    if (!units.some((u) => String(u.id) === parentId && PARENT_KINDS[k].includes(u.kind))) setParentId('');
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    clear();
    try {
      const u = await settings.createUnit({ name, kind, parentId: parentId ? Number(parentId) : null, smsCode: smsCode.trim() || undefined, isTriage });
      setName('');
      setSmsCode('');
      setIsTriage(false);
      onCreated(u.name, u.smsCode ?? '');
    } catch (err) { fail(err); } finally { setBusy(false); }
  };
  const f = errors.fields;
  return (
    <form className="settings-form" onSubmit={(e) => void submit(e)} noValidate>
      {errors.message && <p className="notice notice-error" role="alert">{errors.message}</p>}
      <div className="form-grid">
        <div>
          <label htmlFor="unit-name">{t('cfgUnitName')}</label>
          <input {...fieldProps('unit-name', f, 'name')} value={name} onChange={(e) => setName(e.target.value)} maxLength={120} />
          <FieldError id="unit-name-err" fields={f} name="name" />
        </div>
        <div>
          <label htmlFor="unit-kind">{t('cfgUnitKind')}</label>
          <select {...fieldProps('unit-kind', f, 'kind')} value={kind} onChange={(e) => changeKind(e.target.value as UnitKind)}>
            {UNIT_KINDS.map((k) => <option key={k} value={k}>{kindLabel(t, k)}</option>)}
          </select>
          <FieldError id="unit-kind-err" fields={f} name="kind" />
        </div>
        <div>
          <label htmlFor="unit-parent">{t('cfgUnitParent')}</label>
          <select {...fieldProps('unit-parent', f, 'parentId')} value={parentId} onChange={(e) => setParentId(e.target.value)}>
            <option value="">{topLevel ? t('cfgNoParent') : t('cfgChooseParent')}</option>
            {parents.map((u) => <option key={u.id} value={u.id}>{treeLabel(u)}</option>)}
          </select>
          <FieldError id="unit-parent-err" fields={f} name="parentId" />
        </div>
        <div>
          <label htmlFor="unit-code">{t('cfgSmsCode')}</label>
          <input {...fieldProps('unit-code', f, 'smsCode')} value={smsCode} onChange={(e) => setSmsCode(e.target.value.toUpperCase())}
            maxLength={16} autoCapitalize="characters" spellCheck={false} placeholder="TRAPHU" />
          <FieldError id="unit-code-err" fields={f} name="smsCode" />
        </div>
      </div>
      <p className="muted small">{t('cfgSmsCodeHint')}</p>
      <label className="check"><input type="checkbox" checked={isTriage} onChange={(e) => setIsTriage(e.target.checked)} />{t('cfgTriage')}</label>
      <div className="form-actions"><button type="submit" className="btn btn-primary" disabled={busy}>{t('cfgAddUnit')}</button></div>
    </form>
  );
}

function EditUnitDialog({ unit, onClose, onSaved }: { unit: UnitListItem; onClose(): void; onSaved(name: string): void }) {
  const { t } = useI18n();
  const [name, setName] = useState(unit.name);
  const [smsCode, setSmsCode] = useState(unit.smsCode ?? '');
  const [isTriage, setIsTriage] = useState(unit.isTriage);
  const [errors, fail, clear] = useSaveErrors();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    clear();
    const code = smsCode.trim();
    try {
      const saved = await settings.updateUnit(unit.id, {
        ...(name !== unit.name ? { name } : {}),
        ...(code !== (unit.smsCode ?? '') ? { smsCode: code } : {}),
        ...(isTriage !== unit.isTriage ? { isTriage } : {}),
      });
      onSaved(saved.name);
    } catch (err) { fail(err); }
  };
  const f = errors.fields;
  return (
    <Dialog title={t('cfgEditUnitTitle', { name: unit.name })} onClose={onClose}>
      <form className="dialog-body" onSubmit={(e) => void submit(e)} noValidate>
        {errors.message && <p className="notice notice-error" role="alert">{errors.message}</p>}
        <label htmlFor="edit-unit-name">{t('cfgUnitName')}</label>
        <input {...fieldProps('edit-unit-name', f, 'name')} value={name} onChange={(e) => setName(e.target.value)} maxLength={120} />
        <FieldError id="edit-unit-name-err" fields={f} name="name" />
        <label htmlFor="edit-unit-code">{t('cfgSmsCode')}</label>
        <input {...fieldProps('edit-unit-code', f, 'smsCode')} value={smsCode} onChange={(e) => setSmsCode(e.target.value.toUpperCase())}
          maxLength={16} spellCheck={false} />
        <FieldError id="edit-unit-code-err" fields={f} name="smsCode" />
        <label className="check"><input type="checkbox" checked={isTriage} onChange={(e) => setIsTriage(e.target.checked)} />{t('cfgTriage')}</label>
        <div className="form-actions"><button type="submit" className="btn btn-primary">{t('save')}</button></div>
      </form>
    </Dialog>
  );
}

function UnitRow({ u, onEdit, onMerge }: { u: UnitListItem; onEdit(): void; onMerge(): void }) {
  const { t, fmt } = useI18n();
  return (
    <tr className={u.active ? undefined : 'unit-closed'} data-unit={u.smsCode ?? u.id}>
      <td>
        <span className={`tree-name depth-${Math.min(u.depth, 6)}`}>{u.name}</span>
        {u.isTriage && <> <span className="badge flag-triage">{t('cfgTriageBadge')}</span></>}
        {u.supersededBy && u.validTo && <span className="tree-note muted small">{t('cfgMergedInto', { name: u.supersededBy.name, date: fmt.date(u.validTo) })}</span>}
      </td>
      <td className="nowrap">{kindLabel(t, u.kind)}</td>
      <td>{u.smsCode ? <code>{u.smsCode}</code> : t('none')}</td>
      <td className="num">{u.counts.openReports}</td>
      <td className="num">{u.counts.users}</td>
      <td className="num">{u.counts.subscribers}</td>
      <td>{u.active ? <span className="badge status-answered">{t('cfgActive')}</span> : <span className="badge status-closed">{t('cfgInactive')}</span>}</td>
      <td>{u.active && (
        <div className="row-actions">
          <button type="button" className="btn btn-small" onClick={onEdit} aria-label={`${t('cfgRename')}: ${u.name}`}>{t('cfgRename')}</button>
          <button type="button" className="btn btn-small" onClick={onMerge} aria-label={`${t('cfgMerge')} ${u.name}`}>{t('cfgMerge')}</button>
        </div>
      )}</td>
    </tr>
  );
}

export function UnitsSection() {
  const { t } = useI18n();
  const { data, error, reload } = useLoaded(settings.units);
  const [showClosed, setShowClosed] = useState(false);
  const [notice, setNotice] = useState<NoticeState | null>(null);
  const [editing, setEditing] = useState<UnitListItem | null>(null);
  const [merging, setMerging] = useState<UnitListItem | null>(null);
  const units = useMemo(() => data?.items ?? [], [data]);
  const shown = showClosed ? units : units.filter((u) => u.active);
  const ok = (text: string) => { setNotice({ kind: 'ok', text }); reload(); };

  return (
    <>
      <p className="muted settings-intro">{t('cfgUnitsIntro')}</p>
      <Notice notice={error ? { kind: 'error', text: error } : notice} onDismiss={() => setNotice(null)} />
      <details className="card">
        <summary>{t('cfgAddUnit')}</summary>
        <NewUnitForm units={units} onCreated={(name, code) => ok(t('cfgUnitCreated', { name, code }))} />
      </details>
      <label className="check"><input type="checkbox" checked={showClosed} onChange={(e) => setShowClosed(e.target.checked)} />{t('cfgShowClosed')}</label>
      {data === null ? (!error && <p role="status">{t('loading')}</p>) : (
        <div className="table-wrap">
          <table className="table settings-table">
            <thead><tr>
              <th scope="col">{t('cfgColUnit')}</th><th scope="col">{t('cfgColKind')}</th><th scope="col">{t('cfgColCode')}</th>
              <th scope="col" className="num">{t('cfgColOpen')}</th><th scope="col" className="num">{t('cfgColUsers')}</th>
              <th scope="col" className="num">{t('cfgColSubscribers')}</th><th scope="col">{t('cfgColState')}</th><th scope="col">{t('actions')}</th>
            </tr></thead>
            <tbody>
              {shown.map((u) => <UnitRow key={u.id} u={u} onEdit={() => setEditing(u)} onMerge={() => setMerging(u)} />)}
            </tbody>
          </table>
        </div>
      )}
      {editing && <EditUnitDialog unit={editing} onClose={() => setEditing(null)} onSaved={(name) => { setEditing(null); ok(t('cfgUnitUpdated', { name })); }} />}
      {merging && <MergeDialog unit={merging} units={units} onClose={() => setMerging(null)}
        onMerged={(name, into) => { setMerging(null); ok(t('cfgMerged', { name, into })); }} />}
    </>
  );
}
