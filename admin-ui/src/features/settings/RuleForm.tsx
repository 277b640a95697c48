/** The fields of a routing rule: what it matches (category, keywords) and what it does (unit, category, priority). */
import { useState, type FormEvent } from 'react';
import { PRIORITY_LIST, type AdminCategory, type RoutingRule, type RuleInput, type UnitListItem } from '../../api/settings';
import type { Priority } from '../../api/types';
import { FieldError } from '../../components/FieldError';
import { useI18n } from '../../i18n/i18n';
import { fieldProps, prioLabel, treeLabel, useSaveErrors } from './shared';

interface Values {
  name: string; priority: string; categoryCode: string; keywords: string; targetUnitId: string;
  setCategoryCode: string; setPriority: '' | Priority; active: boolean;
}

export const ruleValues = (r?: RoutingRule): Values => ({
  name: r?.name ?? '', priority: String(r?.priority ?? 100), categoryCode: r?.categoryCode ?? '', keywords: (r?.keywords ?? []).join('\n'),
  targetUnitId: r?.targetUnitId ? String(r.targetUnitId) : '', setCategoryCode: r?.setCategoryCode ?? '', setPriority: r?.setPriority ?? '', active: r?.active ?? true,
});

function toInput(v: Values): RuleInput {
  const keywords = v.keywords.split('\n').map((k) => k.trim()).filter(Boolean);
  return {
    name: v.name, priority: v.priority.trim() === '' ? 100 : Number(v.priority), categoryCode: v.categoryCode || null,
    keywords: keywords.length > 0 ? keywords : null, targetUnitId: v.targetUnitId ? Number(v.targetUnitId) : null,
    setCategoryCode: v.setCategoryCode || null, setPriority: v.setPriority || null, active: v.active,
  };
}

interface Props {
  id: string; initial: Values; submitLabel: string; units: UnitListItem[]; categories: AdminCategory[];
  onSave(r: RuleInput): Promise<void>;
}

export function RuleForm({ id, initial, submitLabel, units, categories, onSave }: Props) {
  const { t, lang } = useI18n();
  const [v, setV] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [errors, fail, clear] = useSaveErrors();
  const set = (p: Partial<Values>) => setV((old) => ({ ...old, ...p }));
  const catName = (c: AdminCategory) => (lang === 'en' ? c.nameEn : c.nameVi);
  const usable = categories.filter((c) => c.active || c.code === v.categoryCode || c.code === v.setCategoryCode);
  const targets = units.filter((u) => u.active && u.kind !== 'province');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    clear();
    try {
      await onSave(toInput(v));
      if (initial.name === '') setV(ruleValues());
    } catch (err) { fail(err); } finally { setBusy(false); }
  };
  const f = errors.fields;
  const catOptions = usable.map((c) => <option key={c.code} value={c.code}>{catName(c)}</option>);
  return (
    <form className="settings-form" onSubmit={(e) => void submit(e)} noValidate>
      {errors.message && <p className="notice notice-error" role="alert">{errors.message}</p>}
      <div className="form-grid">
        <div className="span-2">
          <label htmlFor={`${id}-name`}>{t('cfgRuleName')}</label>
          <input {...fieldProps(`${id}-name`, f, 'name')} value={v.name} onChange={(e) => set({ name: e.target.value })} maxLength={120} />
          <FieldError id={`${id}-name-err`} fields={f} name="name" />
        </div>
        <div>
          <label htmlFor={`${id}-order`}>{t('cfgRuleOrder')}</label>
          <input {...fieldProps(`${id}-order`, f, 'priority')} type="number" min={0} max={10000} value={v.priority} onChange={(e) => set({ priority: e.target.value })} />
          <FieldError id={`${id}-order-err`} fields={f} name="priority" />
        </div>
      </div>
      <fieldset className="rule-part">
        <legend>{t('cfgColWhen')}</legend>
        <div className="form-grid">
          <div>
            <label htmlFor={`${id}-cat`}>{t('cfgRuleCategory')}</label>
            <select {...fieldProps(`${id}-cat`, f, 'categoryCode')} value={v.categoryCode} onChange={(e) => set({ categoryCode: e.target.value })}>
              <option value="">{t('cfgAnyCategory')}</option>{catOptions}
            </select>
            <FieldError id={`${id}-cat-err`} fields={f} name="categoryCode" />
          </div>
          <div className="span-2">
            <label htmlFor={`${id}-kw`}>{t('cfgRuleKeywords')}</label>
            <textarea {...fieldProps(`${id}-kw`, f, 'keywords')} rows={3} value={v.keywords} onChange={(e) => set({ keywords: e.target.value })} />
            <p className="muted small">{t('cfgKeywordsHint')}</p>
            <FieldError id={`${id}-kw-err`} fields={f} name="keywords" />
          </div>
        </div>
      </fieldset>
      <fieldset className="rule-part">
        <legend>{t('cfgColThen')}</legend>
        <div className="form-grid">
          <div>
            <label htmlFor={`${id}-target`}>{t('cfgRuleTarget')}</label>
            <select {...fieldProps(`${id}-target`, f, 'targetUnitId')} value={v.targetUnitId} onChange={(e) => set({ targetUnitId: e.target.value })}>
              <option value="">{t('cfgNoTarget')}</option>
              {targets.map((u) => <option key={u.id} value={u.id}>{treeLabel(u)}</option>)}
            </select>
            <FieldError id={`${id}-target-err`} fields={f} name="targetUnitId" />
          </div>
          <div>
            <label htmlFor={`${id}-setcat`}>{t('cfgRuleSetCategory')}</label>
            <select {...fieldProps(`${id}-setcat`, f, 'setCategoryCode')} value={v.setCategoryCode} onChange={(e) => set({ setCategoryCode: e.target.value })}>
              <option value="">{t('cfgNoChange')}</option>{catOptions}
            </select>
            <FieldError id={`${id}-setcat-err`} fields={f} name="setCategoryCode" />
          </div>
          <div>
            <label htmlFor={`${id}-setprio`}>{t('cfgRuleSetPriority')}</label>
            <select {...fieldProps(`${id}-setprio`, f, 'setPriority')} value={v.setPriority} onChange={(e) => set({ setPriority: e.target.value as Values['setPriority'] })}>
              <option value="">{t('cfgNoChange')}</option>
              {PRIORITY_LIST.map((x) => <option key={x} value={x}>{prioLabel(t, x)}</option>)}
            </select>
            <FieldError id={`${id}-setprio-err`} fields={f} name="setPriority" />
          </div>
        </div>
      </fieldset>
      <label className="check"><input type="checkbox" checked={v.active} onChange={(e) => set({ active: e.target.checked })} />{t('cfgRuleActive')}</label>
      <div className="form-actions"><button type="submit" className="btn btn-primary" disabled={busy}>{submitLabel}</button></div>
    </form>
  );
}
