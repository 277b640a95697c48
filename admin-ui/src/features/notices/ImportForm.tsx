/**
 * Import a subscriber list (CSV) for a unit. Every row must record the
 * citizen's consent (date and how), or the whole file is refused: the server
 * then lists the lines at fault, shown here as a table. Numbers that said stop
 * are never subscribed again by an import; the result says how many.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError, type FieldMessages } from '../../api/client';
import { importSubscribers, ImportError, type ImportLineError, type ImportResult } from '../../api/notices';
import { FieldError } from '../../components/FieldError';
import { useErrorText } from '../../components/Notice';
import { translate, useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { useNumber } from './NoticeBits';
import { useScopeUnits } from './useScopeUnits';

const SAMPLE = '\uFEFFphone,consent_at,consent_method\n0912345678,2026-03-01,phiếu đăng ký giấy\n0987654321,15/02/2026,họp dân thôn 3\n';
const COLUMN_KEY: Record<ImportLineError['field'], MessageKey> = {
  phone: 'ntColPhone', consent_at: 'ntColConsentAt', consent_method: 'ntColConsentMethod', file: 'ntColFile',
};

function downloadSample() {
  const url = URL.createObjectURL(new Blob([SAMPLE], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = 'mau-danh-sach-dang-ky.csv';
  document.body.append(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function Result({ r }: { r: ImportResult }) {
  const { t, field } = useI18n();
  const num = useNumber();
  return (
    <div className="notice notice-ok nt-import-result" role="status">
      <div>
        <p><strong>{t('ntImportDone', { unit: r.unit.name })}</strong></p>
        <ul>
          <li>{t('ntImportRows', { n: num(r.rows) })}</li>
          <li data-testid="import-imported">{t('ntImportNew', { n: num(r.imported) })}</li>
          <li>{t('ntImportAlready', { n: num(r.alreadySubscribed) })}</li>
          {r.optedOut.count > 0 && (
            <li>{t('ntImportOptedOut', { n: num(r.optedOut.count), lines: r.optedOut.lines.slice(0, 30).join(', ') + (r.optedOut.lines.length > 30 ? '…' : '') })}</li>
          )}
        </ul>
        <p className="small">{field(r.rule)}</p>
      </div>
    </div>
  );
}

function LineErrors({ lines }: { lines: ImportLineError[] }) {
  const { t, field } = useI18n();
  const ref = useRef<HTMLDivElement>(null);
  // The table lands below the fold on a laptop: bring it into view.
  useEffect(() => { ref.current?.scrollIntoView({ block: 'nearest' }); }, [lines]);
  if (lines.length === 0) return null;
  return (
    <div className="table-wrap nt-line-errors" ref={ref}>
      <table className="table">
        <caption className="visually-hidden">{t('ntImportErrorsCaption')}</caption>
        <thead><tr><th scope="col">{t('ntColLine')}</th><th scope="col">{t('ntColColumn')}</th><th scope="col">{t('ntColProblem')}</th></tr></thead>
        <tbody>
          {lines.map((l, i) => (
            <tr key={`${l.line}-${l.field}-${i}`}><td>{l.line}</td><td>{t(COLUMN_KEY[l.field])}</td><td>{field(l.message)}</td></tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ImportForm() {
  const { t } = useI18n();
  const errorText = useErrorText();
  const scope = useScopeUnits();
  const [unitCode, setUnitCode] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [fields, setFields] = useState<FieldMessages>({});
  const [lines, setLines] = useState<ImportLineError[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [inputKey, setInputKey] = useState(0);
  const minDepth = Math.min(...(scope.units ?? []).map((u) => u.depth));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setFields({}); setLines([]); setError(null); setResult(null);
    try {
      if (!file) throw new ApiError(422, 'validation_failed', '', { file: { vi: translate('vi', 'ntErrFile'), en: translate('en', 'ntErrFile') } });
      setResult(await importSubscribers(unitCode, file));
      setFile(null);
      setInputKey((k) => k + 1);
    } catch (err) {
      if (err instanceof ApiError && Object.keys(err.fields).length) setFields(err.fields);
      else setError(errorText(err));
      if (err instanceof ImportError) setLines(err.lines);
    } finally { setBusy(false); }
  };

  return (
    <section className="nt-import" aria-labelledby="nt-import-title">
      <div className="card">
        <h2 id="nt-import-title">{t('ntImportTitle')}</h2>
        <p>{t('ntImportIntro')}</p>
        <div className="nt-consent">
          <p><strong>{t('ntConsentRule')}</strong></p>
          <p className="small">{t('ntConsentAllOrNothing')}</p>
        </div>
        <div className="table-wrap">
          <table className="table nt-columns">
            <caption className="visually-hidden">{t('ntColumnsCaption')}</caption>
            <thead><tr><th scope="col">{t('ntColColumn')}</th><th scope="col">{t('ntColAlso')}</th><th scope="col">{t('ntColWhat')}</th></tr></thead>
            <tbody>
              <tr><td><code>phone</code></td><td><code>so_dien_thoai</code>, <code>sdt</code></td><td>{t('ntColPhoneHelp')}</td></tr>
              <tr><td><code>consent_at</code></td><td><code>ngay_dong_y</code></td><td>{t('ntColConsentAtHelp')}</td></tr>
              <tr><td><code>consent_method</code></td><td><code>hinh_thuc_dong_y</code></td><td>{t('ntColConsentMethodHelp')}</td></tr>
            </tbody>
          </table>
        </div>
        <p className="small muted">{t('ntImportFormat')}</p>
        <button type="button" className="btn btn-small" onClick={downloadSample}>{t('ntImportSample')}</button>
      </div>

      <form className="card" onSubmit={(e) => void submit(e)} noValidate>
        {error && <p className="notice notice-error" role="alert">{error}</p>}
        <label htmlFor="nt-import-unit">{t('ntImportUnit')}</label>
        {scope.error != null ? <p className="notice notice-error" role="alert">{errorText(scope.error)}</p> : (
          <select id="nt-import-unit" value={unitCode} onChange={(e) => setUnitCode(e.target.value)} aria-describedby="nt-import-unit-err" disabled={!scope.units}>
            <option value="">{scope.units ? t('chooseUnit') : t('loading')}</option>
            {(scope.units ?? []).map((u) => <option key={u.id} value={u.smsCode!}>{`${'\u2003'.repeat(Math.min(4, u.depth - minDepth))}${u.name} (${u.smsCode})`}</option>)}
          </select>
        )}
        <FieldError id="nt-import-unit-err" fields={fields} name="unitCode" />
        <label htmlFor="nt-import-file">{t('ntImportFile')}</label>
        <input key={inputKey} id="nt-import-file" type="file" accept=".csv,text/csv" onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          aria-describedby="nt-import-file-err" />
        <FieldError id="nt-import-file-err" fields={fields} name="file" />
        <LineErrors lines={lines} />
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={busy}>{busy ? t('ntImporting') : t('ntImportButton')}</button>
        </div>
        {result && <Result r={result} />}
      </form>
    </section>
  );
}
