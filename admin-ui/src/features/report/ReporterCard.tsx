/**
 * The reporter, masked. "Hiện thông tin" asks the server, which writes the
 * audit log; the answer lives only while this report is open (never cached).
 */
import { useState } from 'react';
import { reports } from '../../api/endpoints';
import type { Reporter, Revealed } from '../../api/types';
import { useErrorText } from '../../components/Notice';
import { useI18n } from '../../i18n/i18n';

export function ReporterCard({ reportId, reporter }: { reportId: number; reporter: Reporter }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const [revealed, setRevealed] = useState<Revealed | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const reveal = async () => {
    setBusy(true);
    setError(null);
    try { setRevealed(await reports.reveal(reportId)); } catch (err) { setError(errorText(err)); } finally { setBusy(false); }
  };

  const name = revealed ? revealed.name : reporter.name;
  const phone = revealed ? revealed.phoneDisplay ?? revealed.phone : reporter.phone;
  const anonymous = !reporter.name && !reporter.phone;
  return (
    <section className="card reporter" aria-labelledby="reporter-title">
      <h3 id="reporter-title">{t('reporter')}</h3>
      {reporter.deidentified ? <p className="muted">{t('reporterDeidentified')}</p> : anonymous ? <p className="muted">{t('reporterAnonymous')}</p> : (
        <dl className="facts facts-tight">
          <div><dt>{t('reporterName')}</dt><dd className={revealed ? 'revealed' : 'masked'}>{name ?? t('none')}</dd></div>
          <div>
            <dt>{t('reporterPhone')}</dt>
            <dd className={revealed ? 'revealed' : 'masked'}>
              {revealed && revealed.phone ? <a href={`tel:${revealed.phone}`}>{phone}</a> : (phone ?? t('none'))}
            </dd>
          </div>
        </dl>
      )}
      {!anonymous && !reporter.deidentified && !revealed && (reporter.canReveal
        ? <button type="button" className="btn" onClick={() => void reveal()} disabled={busy}>{busy ? t('revealing') : t('reveal')}</button>
        : <p className="muted small">{t('revealNotAllowed')}</p>)}
      {revealed && <p className="muted small" role="status">{t('revealNote')}</p>}
      {error && <p className="field-error" role="alert">{error}</p>}
    </section>
  );
}
