/** Report categories: the list (inactive ones too), adding one, editing names, priority and order, switching one off. */
import { useState, type FormEvent } from 'react';
import { PRIORITY_LIST, settings, type AdminCategory } from '../../api/settings';
import type { Priority } from '../../api/types';
import { Dialog } from '../../components/Dialog';
import { FieldError } from '../../components/FieldError';
import { Notice, useErrorText, type NoticeState } from '../../components/Notice';
import { useI18n } from '../../i18n/i18n';
import { fieldProps, prioLabel, useLoaded, useSaveErrors } from './shared';

interface Values { code: string; nameVi: string; nameEn: string; defaultPriority: Priority; sortOrder: string }
const EMPTY: Values = { code: '', nameVi: '', nameEn: '', defaultPriority: 'normal', sortOrder: '' };

function CategoryForm({ initial, creating, onSave }: { initial: Values; creating: boolean; onSave(v: Values): Promise<void> }) {
  const { t } = useI18n();
  const [v, setV] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [errors, fail, clear] = useSaveErrors();
  const set = (p: Partial<Values>) => setV((old) => ({ ...old, ...p }));
  const p = creating ? 'new-cat' : 'edit-cat';
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    clear();
    try {
      await onSave(v);
      if (creating) setV(EMPTY);
    } catch (err) { fail(err); } finally { setBusy(false); }
  };
  const f = errors.fields;
  return (
    <form className="settings-form" onSubmit={(e) => void submit(e)} noValidate>
      {errors.message && <p className="notice notice-error" role="alert">{errors.message}</p>}
      <div className="form-grid">
        {creating && (
          <div>
            <label htmlFor={`${p}-code`}>{t('cfgCatCode')}</label>
            <input {...fieldProps(`${p}-code`, f, 'code')} value={v.code} onChange={(e) => set({ code: e.target.value })} maxLength={40} spellCheck={false} autoCapitalize="none" placeholder="giao-duc" />
            <FieldError id={`${p}-code-err`} fields={f} name="code" />
          </div>
        )}
        <div>
          <label htmlFor={`${p}-vi`}>{t('cfgCatNameVi')}</label>
          <input {...fieldProps(`${p}-vi`, f, 'nameVi')} value={v.nameVi} onChange={(e) => set({ nameVi: e.target.value })} maxLength={80} lang="vi" />
          <FieldError id={`${p}-vi-err`} fields={f} name="nameVi" />
        </div>
        <div>
          <label htmlFor={`${p}-en`}>{t('cfgCatNameEn')}</label>
          <input {...fieldProps(`${p}-en`, f, 'nameEn')} value={v.nameEn} onChange={(e) => set({ nameEn: e.target.value })} maxLength={80} lang="en" />
          <FieldError id={`${p}-en-err`} fields={f} name="nameEn" />
        </div>
        <div>
          <label htmlFor={`${p}-prio`}>{t('cfgCatPriority')}</label>
          <select {...fieldProps(`${p}-prio`, f, 'defaultPriority')} value={v.defaultPriority} onChange={(e) => set({ defaultPriority: e.target.value as Priority })}>
            {PRIORITY_LIST.map((x) => <option key={x} value={x}>{prioLabel(t, x)}</option>)}
          </select>
          <FieldError id={`${p}-prio-err`} fields={f} name="defaultPriority" />
        </div>
        <div>
          <label htmlFor={`${p}-order`}>{t('cfgCatOrder')}</label>
          <input {...fieldProps(`${p}-order`, f, 'sortOrder')} type="number" min={0} max={10000} value={v.sortOrder} onChange={(e) => set({ sortOrder: e.target.value })} />
          <FieldError id={`${p}-order-err`} fields={f} name="sortOrder" />
        </div>
      </div>
      {creating && <p className="muted small">{t('cfgCatCodeHint')}</p>}
      <div className="form-actions"><button type="submit" className="btn btn-primary" disabled={busy}>{creating ? t('cfgAddCategory') : t('save')}</button></div>
    </form>
  );
}

/** "" stays absent (the server puts a new category last); anything else is sent as typed, so the server can refuse it. */
const orderOf = (s: string): number | undefined => (s.trim() === '' ? undefined : Number(s));

export function CategoriesSection() {
  const { t, lang } = useI18n();
  const errorText = useErrorText();
  const { data, error, reload } = useLoaded(settings.categories);
  const [notice, setNotice] = useState<NoticeState | null>(null);
  const [editing, setEditing] = useState<AdminCategory | null>(null);
  const name = (c: { nameVi: string; nameEn: string }) => (lang === 'en' ? c.nameEn : c.nameVi);
  const ok = (text: string) => { setNotice({ kind: 'ok', text }); reload(); };
  const toggle = (c: AdminCategory) => {
    settings.updateCategory(c.id, { active: !c.active })
      .then((x) => ok(t('cfgCatSaved', { name: name(x) })), (err: unknown) => setNotice({ kind: 'error', text: errorText(err) }));
  };
  return (
    <>
      <p className="muted settings-intro">{t('cfgCatIntro')}</p>
      <Notice notice={error ? { kind: 'error', text: error } : notice} onDismiss={() => setNotice(null)} />
      <details className="card">
        <summary>{t('cfgAddCategory')}</summary>
        <CategoryForm initial={EMPTY} creating onSave={async (v) => {
          const c = await settings.createCategory({ code: v.code.trim(), nameVi: v.nameVi, nameEn: v.nameEn, defaultPriority: v.defaultPriority, sortOrder: orderOf(v.sortOrder) });
          ok(t('cfgCatCreated', { name: name(c) }));
        }} />
      </details>
      {data === null ? (!error && <p role="status">{t('loading')}</p>) : (
        <div className="table-wrap">
          <table className="table settings-table">
            <thead><tr>
              <th scope="col" className="num">{t('cfgCatOrder')}</th><th scope="col">{t('cfgCatCode')}</th><th scope="col">{t('cfgCatNameVi')}</th>
              <th scope="col">{t('cfgCatNameEn')}</th><th scope="col">{t('cfgCatPriority')}</th><th scope="col">{t('cfgColState')}</th><th scope="col">{t('actions')}</th>
            </tr></thead>
            <tbody>
              {data.items.map((c) => (
                <tr key={c.id} className={c.active ? undefined : 'unit-closed'}>
                  <td className="num">{c.sortOrder}</td><td><code>{c.code}</code></td><td lang="vi">{c.nameVi}</td><td lang="en">{c.nameEn}</td>
                  <td>{prioLabel(t, c.defaultPriority)}</td>
                  <td>{c.active ? <span className="badge status-answered">{t('cfgActive')}</span> : <span className="badge status-closed">{t('cfgInactive')}</span>}</td>
                  <td><div className="row-actions">
                    <button type="button" className="btn btn-small" onClick={() => setEditing(c)} aria-label={`${t('edit')}: ${c.code}`}>{t('edit')}</button>
                    <button type="button" className="btn btn-small" onClick={() => toggle(c)} aria-label={`${c.active ? t('cfgTurnOff') : t('cfgTurnOn')}: ${c.code}`}>
                      {c.active ? t('cfgTurnOff') : t('cfgTurnOn')}
                    </button>
                  </div></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {editing && (
        <Dialog title={t('cfgCatEditTitle', { code: editing.code })} onClose={() => setEditing(null)}>
          <div className="dialog-body">
            <CategoryForm creating={false} initial={{ ...editing, sortOrder: String(editing.sortOrder) }} onSave={async (v) => {
              const c = await settings.updateCategory(editing.id, { nameVi: v.nameVi, nameEn: v.nameEn, defaultPriority: v.defaultPriority, sortOrder: orderOf(v.sortOrder) });
              setEditing(null);
              ok(t('cfgCatSaved', { name: name(c) }));
            }} />
          </div>
        </Dialog>
      )}
    </>
  );
}
