/** Routing rules in the order they are tried, adding, editing, deleting them, and the routing test box. */
import { useMemo, useState } from 'react';
import { settings, type AdminCategory, type RoutingRule } from '../../api/settings';
import { Dialog } from '../../components/Dialog';
import { Notice, useErrorText, type NoticeState } from '../../components/Notice';
import { useI18n } from '../../i18n/i18n';
import { RoutingTest } from './RoutingTest';
import { RuleForm, ruleValues } from './RuleForm';
import { prioLabel, useLoaded } from './shared';

const loadAll = () => Promise.all([settings.rules(), settings.units(), settings.categories()])
  .then(([r, u, c]) => ({ rules: r.items, units: u.items, categories: c.items }));

function RuleRow({ r, catName, onEdit, onDelete }: { r: RoutingRule; catName(code: string): string; onEdit(): void; onDelete(): void }) {
  const { t } = useI18n();
  const when = [
    r.categoryCode ? t('cfgWhenCategory', { name: catName(r.categoryCode) }) : null,
    r.keywords.length > 0 ? t('cfgWhenKeywords', { list: r.keywords.map((k) => `“${k}”`).join(', ') }) : null,
  ].filter(Boolean);
  const then = [
    r.targetUnit ? `${t('cfgThenTarget', { name: r.targetUnit.name })}${r.targetUnit.active ? '' : ` ${t('cfgTargetClosed')}`}` : null,
    r.setCategoryCode ? t('cfgThenCategory', { name: catName(r.setCategoryCode) }) : null,
    r.setPriority ? t('cfgThenPriority', { name: prioLabel(t, r.setPriority) }) : null,
  ].filter(Boolean);
  return (
    <tr className={r.active ? undefined : 'unit-closed'}>
      <td className="num">{r.priority}</td>
      <td>{r.name}</td>
      <td>{when.map((w) => <div key={w}>{w}</div>)}</td>
      <td>{then.map((w) => <div key={w}>{w}</div>)}</td>
      <td>{r.active ? <span className="badge status-answered">{t('cfgActive')}</span> : <span className="badge status-closed">{t('cfgInactive')}</span>}</td>
      <td><div className="row-actions">
        <button type="button" className="btn btn-small" onClick={onEdit} aria-label={`${t('edit')}: ${r.name}`}>{t('edit')}</button>
        <button type="button" className="btn btn-small btn-danger" onClick={onDelete} aria-label={`${t('cfgDelete')}: ${r.name}`}>{t('cfgDelete')}</button>
      </div></td>
    </tr>
  );
}

export function RulesSection() {
  const { t, lang } = useI18n();
  const errorText = useErrorText();
  const { data, error, reload } = useLoaded(loadAll);
  const [notice, setNotice] = useState<NoticeState | null>(null);
  const [editing, setEditing] = useState<RoutingRule | null>(null);
  const [deleting, setDeleting] = useState<RoutingRule | null>(null);
  const [adding, setAdding] = useState(false);
  const byCode = useMemo(() => new Map((data?.categories ?? []).map((c) => [c.code, c])), [data]);
  const catName = (code: string) => { const c: AdminCategory | undefined = byCode.get(code); return c ? (lang === 'en' ? c.nameEn : c.nameVi) : code; };
  const ok = (text: string) => { setNotice({ kind: 'ok', text }); reload(); };
  const remove = (r: RoutingRule) => {
    settings.deleteRule(r.id).then(() => { setDeleting(null); ok(t('cfgRuleDeleted', { name: r.name })); },
      (err: unknown) => { setDeleting(null); setNotice({ kind: 'error', text: errorText(err) }); });
  };
  if (data === null) return error ? <Notice notice={{ kind: 'error', text: error }} /> : <p role="status">{t('loading')}</p>;
  return (
    <>
      <p className="muted settings-intro">{t('cfgRulesIntro')}</p>
      <Notice notice={notice} onDismiss={() => setNotice(null)} />
      <div className="settings-columns">
        <div>
          <details className="card" open={adding} onToggle={(e) => setAdding(e.currentTarget.open)}>
            <summary>{t('cfgAddRule')}</summary>
            <RuleForm id="new-rule" initial={ruleValues()} submitLabel={t('cfgAddRule')} units={data.units} categories={data.categories}
              onSave={async (r) => { const x = await settings.createRule(r); setAdding(false); ok(t('cfgRuleCreated', { name: x.name })); }} />
          </details>
          <div className="table-wrap">
            <table className="table settings-table">
              <thead><tr>
                <th scope="col" className="num">{t('cfgColOrder')}</th><th scope="col">{t('cfgColRule')}</th><th scope="col">{t('cfgColWhen')}</th>
                <th scope="col">{t('cfgColThen')}</th><th scope="col">{t('cfgColState')}</th><th scope="col">{t('actions')}</th>
              </tr></thead>
              <tbody>
                {data.rules.map((r) => <RuleRow key={r.id} r={r} catName={catName} onEdit={() => setEditing(r)} onDelete={() => setDeleting(r)} />)}
              </tbody>
            </table>
          </div>
        </div>
        <RoutingTest units={data.units} categories={data.categories} />
      </div>
      {editing && (
        <Dialog title={t('cfgEditRuleTitle')} onClose={() => setEditing(null)}>
          <div className="dialog-body">
            <RuleForm id="edit-rule" initial={ruleValues(editing)} submitLabel={t('save')} units={data.units} categories={data.categories}
              onSave={async (r) => { const x = await settings.updateRule(editing.id, r); setEditing(null); ok(t('cfgRuleSaved', { name: x.name })); }} />
          </div>
        </Dialog>
      )}
      {deleting && (
        <Dialog title={t('cfgDeleteRuleTitle')} onClose={() => setDeleting(null)}>
          <div className="dialog-body">
            <p>{t('cfgDeleteRuleConfirm', { name: deleting.name })}</p>
            <div className="form-actions">
              <button type="button" className="btn btn-danger" onClick={() => remove(deleting)}>{t('cfgDelete')}</button>
              <button type="button" className="btn" onClick={() => setDeleting(null)}>{t('cancel')}</button>
            </div>
          </div>
        </Dialog>
      )}
    </>
  );
}
