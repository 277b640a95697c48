/**
 * Hand-written SVG charts: bars (received / answered per bucket) and a line
 * (a rate or a duration per bucket, broken where a bucket has no value).
 * Drawn at the container's real width (ResizeObserver) so the text keeps its
 * size on a phone. Each chart is an image with a title and a text summary
 * (<title>/<desc>); every mark has its own <title> (hover) and data-*
 * attributes; the full numbers are in the table under the charts.
 */
import { useEffect, useId, useRef, useState, type ReactNode, type RefObject } from 'react';
import { formatDay } from './format';

const HEIGHT = 210;
const M = { left: 46, right: 12, top: 26, bottom: 40 };

function useWidth(ref: RefObject<HTMLElement | null>, fallback = 480): number {
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const el = ref.current;
    if (!el) return undefined;
    const update = () => { const w = Math.floor(el.getBoundingClientRect().width); if (w > 0) setWidth(w); };
    update();
    if (typeof ResizeObserver === 'undefined') return undefined;
    const ro = new ResizeObserver(update);
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref]);
  return width;
}

/** 0 … a round number ≥ max, in `steps` equal ticks. */
export function niceTicks(max: number, steps = 4): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / steps;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((k) => k * mag).find((s) => s >= raw) ?? 10 * mag;
  const ticks: number[] = [];
  for (let v = 0; v < max + step * 0.999 && ticks.length <= steps + 1; v += step) ticks.push(Math.round(v * 1000) / 1000);
  return ticks;
}

interface Frame {
  width: number; plotW: number; plotH: number; step: number;
  x(i: number): number; y(v: number): number; yMax: number; ticks: number[];
}

function frameOf(width: number, n: number, ticks: number[]): Frame {
  const plotW = Math.max(40, width - M.left - M.right);
  const plotH = HEIGHT - M.top - M.bottom;
  const yMax = ticks[ticks.length - 1] ?? 1;
  const step = plotW / Math.max(1, n);
  return { width, plotW, plotH, step, yMax, ticks, x: (i) => M.left + step * (i + 0.5), y: (v) => M.top + plotH - (v / yMax) * plotH };
}

function Axes({ f, labels, yFormat, yTitle, xTitle }: { f: Frame; labels: string[]; yFormat(v: number): string; yTitle: string; xTitle: string }) {
  const every = Math.max(1, Math.ceil(labels.length / Math.max(1, Math.floor(f.plotW / 52))));
  const bottom = M.top + f.plotH;
  return (
    <g className="chart-axes" aria-hidden="true">
      <text className="chart-axis-title" x={4} y={14}>{yTitle}</text>
      {f.ticks.map((v) => (
        <g key={v}>
          <line className="chart-grid" x1={M.left} x2={M.left + f.plotW} y1={f.y(v)} y2={f.y(v)} />
          <text className="chart-tick" x={M.left - 6} y={f.y(v)} dy="0.32em" textAnchor="end">{yFormat(v)}</text>
        </g>
      ))}
      <line className="chart-axis" x1={M.left} x2={M.left + f.plotW} y1={bottom} y2={bottom} />
      {labels.map((d, i) => (i % every === 0 ? (
        <text key={d} className="chart-tick" x={f.x(i)} y={bottom + 15} textAnchor="middle">{formatDay(d)}</text>
      ) : null))}
      <text className="chart-axis-title" x={M.left + f.plotW / 2} y={HEIGHT - 4} textAnchor="middle">{xTitle}</text>
    </g>
  );
}

interface ChartText { title: string; desc: string; yTitle: string; xTitle: string }

export interface BarDatum { start: string; value: number; inner: number; label: string }

/** One bar per bucket, with a darker inner bar (a part of it, e.g. answered of received). */
/** The frame every chart shares: the box whose width it follows, the labelled SVG, the axes; the marks go inside. */
function ChartFrame({ divRef, className, f, labels, text, yFormat, children }: {
  divRef: RefObject<HTMLDivElement | null>; className: string; f: Frame; labels: string[]; text: ChartText; yFormat(v: number): string; children: ReactNode;
}) {
  const id = useId();
  return (
    <div ref={divRef} className={`chart ${className}`}>
      <svg width={f.width} height={HEIGHT} role="img" aria-labelledby={`${id}-t ${id}-d`} className="chart-svg">
        <title id={`${id}-t`}>{text.title}</title>
        <desc id={`${id}-d`}>{text.desc}</desc>
        <Axes f={f} labels={labels} yFormat={yFormat} yTitle={text.yTitle} xTitle={text.xTitle} />
        <g className="chart-marks">{children}</g>
      </svg>
    </div>
  );
}

export function BarChart({ text, data, yFormat, onPick, className = '' }: {
  text: ChartText; data: BarDatum[]; yFormat(v: number): string; onPick?(start: string): void; className?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const width = useWidth(ref);
  const f = frameOf(width, data.length, niceTicks(Math.max(0, ...data.map((d) => d.value))));
  const barW = Math.max(1.5, Math.min(28, f.step * 0.72));
  const innerW = Math.max(1, barW * 0.55);
  return (
    <ChartFrame divRef={ref} className={className} f={f} labels={data.map((d) => d.start)} text={text} yFormat={yFormat}>
      {data.map((d, i) => d.value > 0 && (
        <g key={d.start} className={`chart-bar${onPick ? ' chart-pick' : ''}`} data-start={d.start} data-value={d.value} data-inner={d.inner}
          onClick={onPick ? () => onPick(d.start) : undefined}>
          <title>{d.label}</title>
          {/* A transparent full-height target makes thin bars easy to hit. */}
          <rect className="chart-hit" x={f.x(i) - f.step / 2} y={M.top} width={f.step} height={f.plotH} />
          <rect className="bar-outer" x={f.x(i) - barW / 2} y={f.y(d.value)} width={barW} height={Math.max(0, f.y(0) - f.y(d.value))} />
          {d.inner > 0 && <rect className="bar-inner" x={f.x(i) - innerW / 2} y={f.y(d.inner)} width={innerW} height={Math.max(0, f.y(0) - f.y(d.inner))} />}
        </g>
      ))}
    </ChartFrame>
  );
}

export interface LineDatum { start: string; value: number | null; label: string }

/** A line through the buckets that have a value; a gap where one has none. */
export function LineChart({ text, data, yFormat, yMax, className = '' }: {
  text: ChartText; data: LineDatum[]; yFormat(v: number): string; yMax?: number; className?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const width = useWidth(ref);
  const values = data.map((d) => d.value).filter((v): v is number => v !== null);
  const f = frameOf(width, data.length, yMax !== undefined ? niceTicks(yMax) : niceTicks(Math.max(0, ...values)));
  const segments: string[] = [];
  let current = '';
  data.forEach((d, i) => {
    if (d.value === null) { if (current) segments.push(current); current = ''; return; }
    current += `${current ? 'L' : 'M'}${f.x(i).toFixed(1)},${f.y(d.value).toFixed(1)}`;
  });
  if (current) segments.push(current);
  return (
    <ChartFrame divRef={ref} className={className} f={f} labels={data.map((d) => d.start)} text={text} yFormat={yFormat}>
      {segments.map((s) => <path key={s} className="chart-line" d={s} />)}
      {data.map((d, i) => d.value !== null && (
        <circle key={d.start} className="chart-point" cx={f.x(i)} cy={f.y(d.value)} r={data.length > 60 ? 2.5 : 3.5} data-start={d.start} data-value={d.value}>
          <title>{d.label}</title>
        </circle>
      ))}
    </ChartFrame>
  );
}
