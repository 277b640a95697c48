/**
 * Deadline policies as one editable table (PUT replaces the whole set): per
 * category or the default, and priority, the working hours to the first
 * response and to the answer, when to warn, and what a transfer does.
 */
import { useEffect, useState } from 'react';
import type { FieldMessages } from '../../api/client';
import { PRIORITY_LIST, settings, type SlaPolicies, type SlaPolicy, type TransferMode } from '../../api/settings';
import type { Priority } from '../../api/types';
import { Notice, type NoticeState } from '../../components/Notice';
import { useI18n, type Lang } from '../../i18n/i18n';
import { prioLabel, useLoaded, useSaveErrors } from './shared';

const HOUR = 3_600_000;
interface Row { key: number; categoryId: string; priority: Priority; ack: string; resolve: string; warn: string; onTransfer: TransferMode }

/** Numbers as the UI language writes them: "7,5" in Vietnamese, "7.5" in English (both are read back). */
const decimal = (n: number, lang: Lang) => {
  const s = String(Math.round(n * 100) / 100);
  return lang === 'vi' ? s.replace('.', ',') : s;
};
const num = (s: string) => (s.trim() === '' ? NaN : Number(s.trim().replace(',', '.')));

let seq = 0;
const rowOf = (lang: Lang, p?: SlaPolicy): Row => ({
  key: ++seq, categoryId: p?.categoryId ? String(p.categoryId) : '', priority: p?.priority ?? 'normal',
  ack: decimal(p ? p.ackWithinMs / HOUR : 8, lang), resolve: decimal(p ? p.resolveWithinMs / HOUR : 37.5, lang),
  warn: decimal(Math.round((p?.warnShare ?? 0.75) * 100), lang), onTransfer: p?.onTransfer ?? 'restart',
});
/** Defaults first, then by category; within each, urgent → normal → complex. */
const byPolicyOrder = (a: SlaPolicy, b: SlaPolicy) => (a.categoryId ?? 0) - (b.categoryId ?? 0)
  || PRIORITY_LIST.indexOf(a.priority) - PRIORITY_LIST.indexOf(b.priority);

const loadAll = () => Promise.all([settings.slaPolicies(), settings.categories()]).then(([p, c]) => ({ policies: p, categories: c.items }));

export function SlaSection() {
  const { t, lang } = useI18n();
  const { data, error } = useLoaded(loadAll);
  const [rows, setRows] = useState<Row[]>([]);
  const [notice, setNotice] = useState<NoticeState | null>(null);
  const [busy, setBusy] = useState(false);
  const [errors, fail, clear] = useSaveErrors();
  const [bad, setBad] = useState<number[]>([]);
  const reset = (p: SlaPolicies) => setRows([...p.items].sort(byPolicyOrder).map((x) => rowOf(lang, x)));
  // Rows are reset when the data arrives, not when the language changes (that would drop edits).
  useEffect(() => { if (data) reset(data.policies); }, [data]);
  if (data === null) return error ? <Notice notice={{ kind: 'error', text: error }} /> : <p role="status">{t('loading')}</p>;

  const dayHours = data.policies.workingDayMs / HOUR;
  const set = (key: number, p: Partial<Row>) => setRows((old) => old.map((r) => (r.key === key ? { ...r, ...p } : r)));
  const save = async () => {
    clear();
    setNotice(null);
    const invalid = rows.map((r, i) => ([r.ack, r.resolve, r.warn].some((x) => Number.isNaN(num(x))) ? i + 1 : 0)).filter(Boolean);
    setBad(invalid);
    if (invalid.length > 0) return;
    setBusy(true);
    try {
      const saved = await settings.saveSlaPolicies(rows.map((r) => ({
        categoryId: r.categoryId ? Number(r.categoryId) : null, priority: r.priority, ackWithinMs: Math.round(num(r.ack) * HOUR),
        resolveWithinMs: Math.round(num(r.resolve) * HOUR), warnShare: num(r.warn) / 100, onTransfer: r.onTransfer,
      })));
      reset(saved);
      setNotice({ kind: 'ok', text: t('cfgSlaSaved') });
    } catch (err) { fail(err); } finally { setBusy(false); }
  };
  const messages = (fields: FieldMessages) => [...new Set(Object.values(fields).map((m) => m[lang]))];
  return (
    <>
      <p className="muted settings-intro">{t('cfgSlaIntro', { hours: decimal(dayHours, lang) })}</p>
      <Notice notice={notice} onDismiss={() => setNotice(null)} />
      {(errors.message || bad.length > 0 || Object.keys(errors.fields).length > 0) && (
        <div className="notice notice-error" role="alert">
          <ul className="plain-list">
            {errors.message && <li>{errors.message}</li>}
            {bad.map((n) => <li key={n}>{t('cfgRowInvalid', { n })}</li>)}
            {messages(errors.fields).map((m) => <li key={m}>{m}</li>)}
          </ul>
        </div>
      )}
      <div className="table-wrap">
        <table className="table settings-table sla-table">
          <thead><tr>
            <th scope="col">{t('cfgColCategory')}</th><th scope="col">{t('cfgColPriority')}</th><th scope="col">{t('cfgColAck')}</th>
            <th scope="col">{t('cfgColResolve')}</th><th scope="col">{t('cfgColWarn')}</th><th scope="col">{t('cfgColTransfer')}</th><th scope="col">{t('actions')}</th>
          </tr></thead>
          <tbody>
            {rows.map((r, i) => {
              const label = (what: string) => `${what} — ${i + 1}`;
              const days = num(r.resolve) / dayHours;
              return (
                <tr key={r.key} className={bad.includes(i + 1) ? 'row-invalid' : undefined}>
                  <td><select aria-label={label(t('cfgColCategory'))} value={r.categoryId} onChange={(e) => set(r.key, { categoryId: e.target.value })}>
                    <option value="">{t('cfgDefaultPolicy')}</option>
                    {data.categories.map((c) => <option key={c.id} value={c.id}>{lang === 'en' ? c.nameEn : c.nameVi}</option>)}
                  </select></td>
                  <td><select aria-label={label(t('cfgColPriority'))} value={r.priority} onChange={(e) => set(r.key, { priority: e.target.value as Priority })}>
                    {PRIORITY_LIST.map((p) => <option key={p} value={p}>{prioLabel(t, p)}</option>)}
                  </select></td>
                  <td><input className="num-input" inputMode="decimal" aria-label={label(t('cfgColAck'))} value={r.ack} onChange={(e) => set(r.key, { ack: e.target.value })} /></td>
                  <td>
                    <input className="num-input" inputMode="decimal" aria-label={label(t('cfgColResolve'))} value={r.resolve} onChange={(e) => set(r.key, { resolve: e.target.value })} />
                    {Number.isFinite(days) && <span className="muted small cell-hint">{t('cfgWorkDays', { days: decimal(Math.round(days * 10) / 10, lang) })}</span>}
                  </td>
                  <td><input className="num-input" inputMode="numeric" aria-label={label(t('cfgColWarn'))} value={r.warn} onChange={(e) => set(r.key, { warn: e.target.value })} /></td>
                  <td><select aria-label={label(t('cfgColTransfer'))} value={r.onTransfer} onChange={(e) => set(r.key, { onTransfer: e.target.value as TransferMode })}>
                    <option value="restart">{t('cfgTransfer_restart')}</option><option value="keep">{t('cfgTransfer_keep')}</option>
                  </select></td>
                  <td><button type="button" className="btn btn-small" onClick={() => setRows((old) => old.filter((x) => x.key !== r.key))}>{t('cfgRemove')}</button></td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <div className="form-actions">
        <button type="button" className="btn" onClick={() => setRows((old) => [...old, rowOf(lang)])}>{t('cfgAddPolicy')}</button>
        <button type="button" className="btn" onClick={() => { reset(data.policies); clear(); setBad([]); }}>{t('cfgUndo')}</button>
        <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void save()}>{t('save')}</button>
      </div>
    </>
  );
}
