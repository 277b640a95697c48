/** Canned replies of the report's unit and the units above it, placeholders already filled by the server. */
import { useEffect, useId, useState } from 'react';
import { reports } from '../../api/endpoints';
import type { CannedReply } from '../../api/types';
import { useI18n } from '../../i18n/i18n';

export function CannedPicker({ reportId, onPick, disabled }: { reportId: number; onPick(text: string): void; disabled: boolean }) {
  const { t } = useI18n();
  const id = useId();
  const [items, setItems] = useState<CannedReply[] | null>(null);
  useEffect(() => {
    let live = true;
    reports.canned(reportId).then((r) => { if (live) setItems(r.items); }, () => { if (live) setItems([]); });
    return () => { live = false; };
  }, [reportId]);
  if (items === null) return null;
  if (items.length === 0) return <p className="muted small canned-none">{t('cannedNone')}</p>;
  return (
    <div className="canned">
      <label htmlFor={id} className="visually-hidden">{t('canned')}</label>
      <select id={id} value="" disabled={disabled} onChange={(e) => {
        const c = items.find((x) => String(x.id) === e.target.value);
        if (c) onPick(c.rendered ?? c.body);
      }}>
        <option value="">{t('cannedChoose')}</option>
        {items.map((c) => <option key={c.id} value={c.id}>{c.title} — {c.unit.name}</option>)}
      </select>
    </div>
  );
}
