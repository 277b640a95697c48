/**
 * The period day by day (a week at a time over 62 days): reports received
 * and answered, the on-time rate and the median first response, as three
 * SVG charts, and the same numbers as a table (the charts' text alternative,
 * whose counts list their reports).
 */
import type { DrillFilters, StatsSummary, TrendPoint } from '../../api/stats';
import { useI18n } from '../../i18n/i18n';
import { BarChart, LineChart } from './Charts';
import { formatCount, formatDay, formatHours, formatRate, formatWork, HOUR_MS } from './format';
import { DrillNumber, type OnDrill } from './Headline';
import { bucketEnd, bucketStarts } from './period';

const EMPTY = (start: string): TrendPoint => ({
  start, received: 0, answered: 0, onTime: { decided: 0, onTime: 0, lateExtended: 0, late: 0, rate: null }, firstResponseMedianWorkMs: null,
});

/** `period`: the filters of the whole period (from, to as days; unitId); a bucket's list is clamped to it. */
export function Trends({ summary, period, onDrill }: { summary: StatsSummary; period: DrillFilters; onDrill: OnDrill }) {
  const { t, lang } = useI18n();
  const bucket = summary.period.bucket;
  const byStart = new Map(summary.trend.map((p) => [p.start, p]));
  const points = bucketStarts(summary.period).map((s) => byStart.get(s) ?? EMPTY(s));
  const when = (start: string) => (bucket === 'week' ? t('dashWeekOf', { d: formatDay(start, true) }) : formatDay(start, true));
  const drillOf = (start: string): [string, DrillFilters] => [
    t('dashReceivedOn', { when: when(start) }),
    {
      ...period,
      from: period.from && period.from > start ? period.from : start,
      to: period.to && period.to < bucketEnd(start, bucket) ? period.to : bucketEnd(start, bucket),
    },
  ];
  const pick = (start: string) => onDrill(...drillOf(start));
  const xTitle = t(bucket === 'week' ? 'dashAxisWeek' : 'dashAxisDay');
  const n = (v: number) => formatCount(lang, v);

  const received = summary.headline.received;
  const busiest = points.reduce<TrendPoint | null>((b, p) => (p.received > (b?.received ?? 0) ? p : b), null);
  const decided = points.filter((p) => p.onTime.rate !== null);
  const frPoints = points.filter((p) => p.firstResponseMedianWorkMs !== null);
  const range = (vals: number[], f: (v: number) => string) => (vals.length ? `${f(Math.min(...vals))} – ${f(Math.max(...vals))}` : '—');

  return (
    <>
      <div className="charts">
        <figure className="card chart-card" data-chart="received">
          <figcaption className="chart-title">{t(bucket === 'week' ? 'dashChartReceivedWeek' : 'dashChartReceivedDay')}</figcaption>
          <BarChart
            text={{
              title: t(bucket === 'week' ? 'dashChartReceivedWeek' : 'dashChartReceivedDay'),
              desc: busiest
                ? t('dashChartReceivedDesc', { n: n(received), buckets: n(points.length), max: n(busiest.received), when: when(busiest.start) })
                : t('dashChartNoData'),
              yTitle: t('dashAxisReports'), xTitle,
            }}
            data={points.map((p) => ({
              start: p.start, value: p.received, inner: p.answered,
              label: t('dashBarLabel', { when: when(p.start), received: n(p.received), answered: n(p.answered) }),
            }))}
            yFormat={(v) => n(v)}
            onPick={pick}
          />
          <p className="legend small">
            <span className="swatch swatch-received" aria-hidden="true" />{t('dashLegendReceived')}
            <span className="swatch swatch-answered" aria-hidden="true" />{t('dashLegendAnswered')}
          </p>
        </figure>

        <figure className="card chart-card" data-chart="on-time">
          <figcaption className="chart-title">{t('dashChartOnTime')}</figcaption>
          <LineChart
            text={{
              title: t('dashChartOnTime'),
              desc: decided.length
                ? t('dashChartOnTimeDesc', { range: range(decided.map((p) => p.onTime.rate!), (v) => formatRate(lang, v)), overall: formatRate(lang, summary.headline.onTime.rate) })
                : t('dashChartNoData'),
              yTitle: t('dashAxisPercent'), xTitle,
            }}
            data={points.map((p) => ({
              start: p.start, value: p.onTime.rate === null ? null : Math.round(p.onTime.rate * 1000) / 10,
              label: t('dashPointOnTime', { when: when(p.start), rate: formatRate(lang, p.onTime.rate), n: n(p.onTime.onTime), of: n(p.onTime.decided) }),
            }))}
            yMax={100}
            yFormat={(v) => `${n(v)}%`}
          />
        </figure>

        <figure className="card chart-card" data-chart="first-response">
          <figcaption className="chart-title">{t('dashChartFr')}</figcaption>
          <LineChart
            text={{
              title: t('dashChartFr'),
              desc: frPoints.length
                ? t('dashChartFrDesc', { range: range(frPoints.map((p) => p.firstResponseMedianWorkMs!), (v) => formatWork(lang, v)), overall: formatWork(lang, summary.headline.firstResponse.medianWorkMs) })
                : t('dashChartNoData'),
              yTitle: t('dashAxisWorkHours'), xTitle,
            }}
            data={points.map((p) => ({
              start: p.start, value: p.firstResponseMedianWorkMs === null ? null : p.firstResponseMedianWorkMs / HOUR_MS,
              label: t('dashPointFr', { when: when(p.start), d: formatWork(lang, p.firstResponseMedianWorkMs) }),
            }))}
            yFormat={(v) => n(v)}
          />
        </figure>
      </div>

      <details className="card trend-table">
        <summary>{t('dashTrendTable')}</summary>
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{xTitle}</th>
                <th scope="col" className="num">{t('dashColReceived')}</th>
                <th scope="col" className="num">{t('dashColAnswered')}</th>
                <th scope="col" className="num">{t('dashColOnTime')}</th>
                <th scope="col" className="num">{t('dashColFrHours')}</th>
              </tr>
            </thead>
            <tbody>
              {points.map((p) => (
                <tr key={p.start} data-start={p.start}>
                  <th scope="row">{when(p.start)}</th>
                  <td className="num">
                    <DrillNumber title={drillOf(p.start)[0]} filters={drillOf(p.start)[1]} onDrill={onDrill} disabled={p.received === 0}>{n(p.received)}</DrillNumber>
                  </td>
                  <td className="num">{n(p.answered)}</td>
                  <td className="num">{formatRate(lang, p.onTime.rate)}</td>
                  <td className="num">{formatHours(lang, p.firstResponseMedianWorkMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </>
  );
}
