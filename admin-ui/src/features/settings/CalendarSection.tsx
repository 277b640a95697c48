/** The working calendar of one year: the administrator's days off and make-up days, and the public holidays already counted. */
import { useCallback, useState, type FormEvent } from 'react';
import { settings, type DayKind } from '../../api/settings';
import { FieldError } from '../../components/FieldError';
import { Notice, useErrorText, type NoticeState } from '../../components/Notice';
import { useI18n } from '../../i18n/i18n';
import { fieldProps, useLoaded, useSaveErrors } from './shared';

const thisYear = () => Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric' }).format(new Date()));

/** "Thứ Hai, 02/02/2026" in the UI language; dates are calendar days, so formatted in UTC. */
function useDay(): (date: string) => string {
  const { lang } = useI18n();
  const f = new Intl.DateTimeFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', { timeZone: 'UTC', weekday: 'long', day: '2-digit', month: '2-digit', year: 'numeric' });
  return (date: string) => f.format(new Date(`${date}T00:00:00Z`));
}

export function CalendarSection() {
  const { t, lang } = useI18n();
  const errorText = useErrorText();
  const day = useDay();
  const [year, setYear] = useState(thisYear);
  const load = useCallback(() => settings.calendar(year), [year]);
  const { data, error, reload } = useLoaded(load);
  const [notice, setNotice] = useState<NoticeState | null>(null);
  const [date, setDate] = useState('');
  const [kind, setKind] = useState<DayKind>('day_off');
  const [note, setNote] = useState('');
  const [errors, fail, clear] = useSaveErrors();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    clear();
    try {
      const saved = await settings.putCalendarDay({ date, kind, note });
      setNote('');
      setNotice({ kind: 'ok', text: t('cfgCalSaved', { date: day(saved.date) }) });
      const y = Number(saved.date.slice(0, 4));
      if (y !== year) setYear(y); else reload();
    } catch (err) { fail(err); }
  };
  const remove = (d: string) => {
    settings.deleteCalendarDay(d).then(() => { setNotice({ kind: 'ok', text: t('cfgCalDeleted', { date: day(d) }) }); reload(); },
      (err: unknown) => setNotice({ kind: 'error', text: errorText(err) }));
  };
  const f = errors.fields;
  return (
    <>
      <p className="muted settings-intro">{t('cfgCalIntro')}</p>
      <Notice notice={error ? { kind: 'error', text: error } : notice} onDismiss={() => setNotice(null)} />
      <div className="year-switch" role="group" aria-label={t('cfgYear')}>
        <button type="button" className="btn btn-small" onClick={() => setYear((y) => y - 1)} aria-label={t('cfgPrevYear')}>‹</button>
        <strong aria-live="polite">{year}</strong>
        <button type="button" className="btn btn-small" onClick={() => setYear((y) => y + 1)} aria-label={t('cfgNextYear')}>›</button>
      </div>
      <form className="card settings-form" onSubmit={(e) => void submit(e)} noValidate>
        {errors.message && <p className="notice notice-error" role="alert">{errors.message}</p>}
        <div className="form-grid">
          <div>
            <label htmlFor="cal-date">{t('cfgCalDate')}</label>
            <input {...fieldProps('cal-date', f, 'date')} type="date" value={date} onChange={(e) => setDate(e.target.value)} />
            <FieldError id="cal-date-err" fields={f} name="date" />
          </div>
          <div>
            <label htmlFor="cal-kind">{t('cfgCalKind')}</label>
            <select {...fieldProps('cal-kind', f, 'kind')} value={kind} onChange={(e) => setKind(e.target.value as DayKind)}>
              <option value="day_off">{t('cfgDay_day_off')}</option><option value="make_up">{t('cfgDay_make_up')}</option>
            </select>
            <FieldError id="cal-kind-err" fields={f} name="kind" />
          </div>
          <div className="span-2">
            <label htmlFor="cal-note">{t('cfgCalNote')}</label>
            <input {...fieldProps('cal-note', f, 'note')} value={note} onChange={(e) => setNote(e.target.value)} maxLength={200} />
            <FieldError id="cal-note-err" fields={f} name="note" />
          </div>
        </div>
        <div className="form-actions"><button type="submit" className="btn btn-primary">{t('cfgCalAdd')}</button></div>
      </form>
      {data === null ? (!error && <p role="status">{t('loading')}</p>) : (
        <div className="settings-columns">
          <section aria-labelledby="cal-entries">
            <h2 id="cal-entries">{t('cfgCalEntries', { year: data.year })}</h2>
            {data.items.length === 0 ? <p className="muted">{t('cfgCalEmpty', { year: data.year })}</p> : (
              <div className="table-wrap">
                <table className="table settings-table">
                  <thead><tr><th scope="col">{t('cfgCalDate')}</th><th scope="col">{t('cfgCalKind')}</th><th scope="col">{t('cfgCalNote')}</th><th scope="col">{t('actions')}</th></tr></thead>
                  <tbody>
                    {data.items.map((d) => (
                      <tr key={d.date}>
                        <td>{day(d.date)}</td>
                        <td><span className={`badge ${d.kind === 'day_off' ? 'status-closed' : 'status-received'}`}>{t(`cfgDay_${d.kind}`)}</span></td>
                        <td>{d.note}</td>
                        <td><button type="button" className="btn btn-small btn-danger" onClick={() => remove(d.date)} aria-label={`${t('cfgDelete')}: ${day(d.date)}`}>{t('cfgDelete')}</button></td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
          <section aria-labelledby="cal-holidays" className="card">
            <h2 id="cal-holidays">{t('cfgHolidaysTitle', { year: data.year })}</h2>
            <ul className="holiday-list">
              {data.holidays.map((h) => <li key={h.date}><span className="muted">{day(h.date)}</span> {lang === 'en' ? h.nameEn : h.nameVi}</li>)}
            </ul>
          </section>
        </div>
      )}
    </>
  );
}
