/** "Where would this go?": a sample text, optionally a commune and a category, answered by the server's real routing. */
import { useState, type FormEvent } from 'react';
import { settings, type AdminCategory, type RoutingOutcome, type UnitListItem } from '../../api/settings';
import { FieldError } from '../../components/FieldError';
import { useI18n } from '../../i18n/i18n';
import { fieldProps, prioLabel, treeLabel, useSaveErrors } from './shared';

export function RoutingTest({ units, categories }: { units: UnitListItem[]; categories: AdminCategory[] }) {
  const { t, lang } = useI18n();
  const [text, setText] = useState('');
  const [communeCode, setCommuneCode] = useState('');
  const [categoryCode, setCategoryCode] = useState('');
  const [result, setResult] = useState<RoutingOutcome | null>(null);
  const [busy, setBusy] = useState(false);
  const [errors, fail, clear] = useSaveErrors();
  const places = units.filter((u) => u.active && u.smsCode && (u.kind === 'commune' || u.kind === 'department'));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    clear();
    try { setResult(await settings.testRouting({ text, communeCode: communeCode || null, categoryCode: categoryCode || null })); } catch (err) {
      setResult(null);
      fail(err);
    } finally { setBusy(false); }
  };
  const f = errors.fields;
  const reason = (r: RoutingOutcome) => {
    if (r.reason === 'rule' && r.rule) {
      return r.rule.keyword ? t('cfgReason_ruleKeyword', { rule: r.rule.name, keyword: r.rule.keyword }) : t('cfgReason_rule', { rule: r.rule.name });
    }
    return t(r.reason === 'rule' ? 'cfgReason_triage' : `cfgReason_${r.reason}`);
  };
  return (
    <section className="card routing-test" aria-labelledby="routing-test-title">
      <h2 id="routing-test-title">{t('cfgTestTitle')}</h2>
      <form onSubmit={(e) => void submit(e)} noValidate>
        {errors.message && <p className="notice notice-error" role="alert">{errors.message}</p>}
        <label htmlFor="rt-text">{t('cfgTestText')}</label>
        <textarea {...fieldProps('rt-text', f, 'text')} rows={3} value={text} onChange={(e) => setText(e.target.value)} maxLength={5000} />
        <FieldError id="rt-text-err" fields={f} name="text" />
        <div className="form-grid">
          <div>
            <label htmlFor="rt-commune">{t('cfgTestCommune')}</label>
            <select {...fieldProps('rt-commune', f, 'communeCode')} value={communeCode} onChange={(e) => setCommuneCode(e.target.value)}>
              <option value="">{t('cfgNoCommune')}</option>
              {places.map((u) => <option key={u.id} value={u.smsCode!}>{treeLabel({ ...u, depth: 0 })}</option>)}
            </select>
            <FieldError id="rt-commune-err" fields={f} name="communeCode" />
          </div>
          <div>
            <label htmlFor="rt-category">{t('cfgTestCategory')}</label>
            <select {...fieldProps('rt-category', f, 'categoryCode')} value={categoryCode} onChange={(e) => setCategoryCode(e.target.value)}>
              <option value="">{t('cfgNoCommune')}</option>
              {categories.filter((c) => c.active).map((c) => <option key={c.code} value={c.code}>{lang === 'en' ? c.nameEn : c.nameVi}</option>)}
            </select>
            <FieldError id="rt-category-err" fields={f} name="categoryCode" />
          </div>
        </div>
        <div className="form-actions"><button type="submit" className="btn btn-primary" disabled={busy || text.trim() === ''}>{t('cfgTestRun')}</button></div>
      </form>
      {result && (
        <div className="route-result" role="status" aria-live="polite">
          <p className="route-unit">{t('cfgTestUnit', { name: result.assignedUnit?.name ?? t('none') })}</p>
          <p>{reason(result)}</p>
          <p className="muted">
            {t('cfgTestCategoryIs', { name: result.category ? (lang === 'en' ? result.category.nameEn : result.category.nameVi) : t('cfgNoCategory') })}
            {' · '}{t('cfgTestPriorityIs', { name: prioLabel(t, result.priority) })}
          </p>
        </div>
      )}
    </section>
  );
}
