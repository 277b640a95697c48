/** Transfer to another unit (any active unit, from /api/units) with a required reason. */
import { useState, type FormEvent } from 'react';
import { ApiError, type FieldMessages } from '../../api/client';
import { reports } from '../../api/endpoints';
import type { ReportDetail } from '../../api/types';
import { Dialog } from '../../components/Dialog';
import { FieldError } from '../../components/FieldError';
import { useErrorText } from '../../components/Notice';
import { useI18n } from '../../i18n/i18n';
import { unitLabel, useUnits } from '../../lib/catalog';

interface Props { report: ReportDetail; onClose(): void; onDone(message: string): void }

export function TransferDialog({ report, onClose, onDone }: Props) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const units = useUnits().filter((u) => u.id !== report.assignedUnit.id);
  const [unitId, setUnitId] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [fields, setFields] = useState<FieldMessages>({});
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setFields({});
    setError(null);
    try {
      const res = await reports.transfer(report.id, Number(unitId), reason);
      onDone(t('transferDone', { unit: res.assignedUnit.name }));
    } catch (err) {
      if (err instanceof ApiError && Object.keys(err.fields).length) setFields(err.fields);
      else setError(errorText(err));
    } finally { setBusy(false); }
  };

  return (
    <Dialog title={t('transferTitle', { code: report.codeFormatted })} onClose={onClose}>
      <form className="dialog-body" onSubmit={(e) => void submit(e)}>
        {error && <p className="notice notice-error" role="alert">{error}</p>}
        <label htmlFor="transfer-unit">{t('transferUnit')}</label>
        <select id="transfer-unit" required value={unitId} onChange={(e) => setUnitId(e.target.value)} aria-describedby="transfer-unit-err">
          <option value="">{t('transferChoose')}</option>
          {units.map((u) => <option key={u.id} value={u.id}>{unitLabel(u)}</option>)}
        </select>
        <FieldError id="transfer-unit-err" fields={fields} name="unitId" />
        <label htmlFor="transfer-reason">{t('transferReason')}</label>
        <textarea id="transfer-reason" required minLength={3} maxLength={1000} rows={3} value={reason}
          placeholder={t('transferReasonHint')} onChange={(e) => setReason(e.target.value)} aria-describedby="transfer-reason-err" />
        <FieldError id="transfer-reason-err" fields={fields} name="reason" />
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={busy || !unitId || reason.trim().length < 3}>{t('transferButton')}</button>
          <button type="button" className="btn" onClick={onClose}>{t('cancel')}</button>
        </div>
      </form>
    </Dialog>
  );
}
