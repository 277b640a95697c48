/**
 * Public scorecards (/thong-ke, /thong-ke/<SMS code>): server-rendered like
 * the citizen pages, no script, Vietnamese first with an English switch. Only
 * aggregates are shown, with the method in plain words.
 */
import type { Scorecard, ScoreWindow } from '../modules/stats/public-stats.service.js';
import { html, type Raw } from './html.js';
import type { Lang } from './i18n.js';

const vi = {
  app: 'Cầu Nối', switchLang: 'English', tagline: 'Chính quyền trả lời người dân nhanh đến đâu',
  hubTitle: 'Kết quả trả lời phản ánh của người dân', unitTitle: 'Kết quả trả lời phản ánh — {unit}',
  days: '{n} ngày qua', received: 'Phản ánh tiếp nhận', answered: 'Đã trả lời', firstResponse: 'Thời gian phản hồi đầu tiên (trung vị)',
  onTime: 'Trả lời đúng hạn', satisfaction: 'Mức độ hài lòng', none: '—', ofDecided: '{a}/{b} phản ánh', ratings: '{n} lượt đánh giá',
  workHours: '{n} giờ làm việc', workDays: '{n} ngày làm việc', units: 'Theo đơn vị (90 ngày qua)', unit: 'Đơn vị',
  method: 'Cách tính', back: 'Tất cả đơn vị', send: 'Gửi phản ánh', notFound: 'Không có đơn vị với mã này.',
  updated: 'Cập nhật lúc {t}.', privacy: 'Trang này chỉ có số liệu tổng hợp, không có thông tin cá nhân.',
};
type Key = keyof typeof vi;
const en: Record<Key, string> = {
  app: 'Cầu Nối', switchLang: 'Tiếng Việt', tagline: 'How fast the local government answers citizens',
  hubTitle: 'How citizens\' reports are answered', unitTitle: 'How reports are answered — {unit}',
  days: 'Last {n} days', received: 'Reports received', answered: 'Answered', firstResponse: 'First response (median)',
  onTime: 'Answered on time', satisfaction: 'Satisfaction', none: '—', ofDecided: '{a} of {b} reports', ratings: '{n} ratings',
  workHours: '{n} working hours', workDays: '{n} working days', units: 'By unit (last 90 days)', unit: 'Unit',
  method: 'Method', back: 'All units', send: 'Send a report', notFound: 'No unit has this code.',
  updated: 'Updated {t}.', privacy: 'This page shows aggregate figures only, no personal data.',
};
const T: Record<Lang, Record<Key, string>> = { vi, en };
const t = (lang: Lang, k: Key, vars: Record<string, string | number> = {}) => T[lang][k].replace(/\{(\w+)\}/g, (_m, v: string) => String(vars[v] ?? ''));

const WORK_DAY_MS = 7.5 * 3_600_000;
const fmtNumber = (lang: Lang, n: number, digits = 1) => n.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: digits });

export function fmtWork(lang: Lang, ms: number | null): string {
  if (ms === null) return t(lang, 'none');
  if (ms < WORK_DAY_MS) return t(lang, 'workHours', { n: fmtNumber(lang, ms / 3_600_000) });
  return t(lang, 'workDays', { n: fmtNumber(lang, ms / WORK_DAY_MS) });
}

export const fmtRate = (lang: Lang, rate: number | null) => (rate === null ? t(lang, 'none') : `${fmtNumber(lang, rate * 100, 0)}%`);

function layout(lang: Lang, title: string, body: Raw, path: string): string {
  const other: Lang = lang === 'vi' ? 'en' : 'vi';
  return '<!doctype html>' + html`<html lang="${lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title} · ${t(lang, 'app')}</title>
<link rel="icon" href="data:,"><link rel="stylesheet" href="/static/site.css"><link rel="stylesheet" href="/static/scorecard.css"></head><body>
<header><a class="brand" href="/?lang=${lang}">${t(lang, 'app')}</a>
<a class="lang" href="${path}${path.includes('?') ? '&' : '?'}lang=${other}">${t(lang, 'switchLang')}</a>
<p>${t(lang, 'tagline')}</p></header>
<main class="wide">${body}</main>
<footer><p>${t(lang, 'privacy')}</p></footer></body></html>`.html;
}

function windowsTable(lang: Lang, windows: ScoreWindow[]): Raw {
  const cell = (f: (w: ScoreWindow) => Raw | string) => windows.map((w) => html`<td>${f(w)}</td>`);
  return html`<table class="score"><thead><tr><th></th>${windows.map((w) => html`<th scope="col">${t(lang, 'days', { n: w.days })}</th>`)}</tr></thead><tbody>
<tr><th scope="row">${t(lang, 'received')}</th>${cell((w) => fmtNumber(lang, w.received, 0))}</tr>
<tr><th scope="row">${t(lang, 'answered')}</th>${cell((w) => fmtNumber(lang, w.answered, 0))}</tr>
<tr><th scope="row">${t(lang, 'firstResponse')}</th>${cell((w) => fmtWork(lang, w.firstResponseMedianWorkMs))}</tr>
<tr><th scope="row">${t(lang, 'onTime')}</th>${cell((w) => html`<strong class="rate">${fmtRate(lang, w.onTime.rate)}</strong><small>${w.onTime.decided > 0 ? t(lang, 'ofDecided', { a: w.onTime.onTime, b: w.onTime.decided }) : ''}</small>`)}</tr>
<tr><th scope="row">${t(lang, 'satisfaction')}</th>${cell((w) => (w.satisfaction.average === null ? t(lang, 'none')
    : html`${fmtNumber(lang, w.satisfaction.average)}/5<small>${t(lang, 'ratings', { n: w.satisfaction.count })}</small>`))}</tr>
</tbody></table>`;
}

function fmtUpdated(iso: string): string {
  const v = new Date(new Date(iso).getTime() + 7 * 3_600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(v.getUTCHours())}:${p(v.getUTCMinutes())} ${p(v.getUTCDate())}/${p(v.getUTCMonth() + 1)}/${v.getUTCFullYear()}`;
}

function methodSection(lang: Lang, card: Scorecard): Raw {
  return html`<section class="method"><h2>${t(lang, 'method')}</h2><p>${card.method[lang]}</p><p class="muted">${t(lang, 'updated', { t: fmtUpdated(card.generatedAt) })}</p></section>`;
}

export function hubScorecardPage(lang: Lang, card: Scorecard): string {
  const rows = (card.units ?? []).filter((u) => u.unit.smsCode).map((u) => html`<tr>
<th scope="row"><a href="/thong-ke/${u.unit.smsCode}?lang=${lang}">${u.unit.name}</a></th><td>${fmtNumber(lang, u.received, 0)}</td>
<td>${fmtWork(lang, u.firstResponseMedianWorkMs)}</td><td>${fmtRate(lang, u.onTime.rate)}</td>
<td>${u.satisfaction.average === null ? t(lang, 'none') : `${fmtNumber(lang, u.satisfaction.average)}/5`}</td></tr>`);
  const body = html`<h1>${t(lang, 'hubTitle')}</h1>${windowsTable(lang, card.windows)}
<h2>${t(lang, 'units')}</h2>
<table class="score units"><thead><tr><th scope="col">${t(lang, 'unit')}</th><th scope="col">${t(lang, 'received')}</th><th scope="col">${t(lang, 'firstResponse')}</th>
<th scope="col">${t(lang, 'onTime')}</th><th scope="col">${t(lang, 'satisfaction')}</th></tr></thead><tbody>${rows}</tbody></table>
${methodSection(lang, card)}<p><a href="/?lang=${lang}">${t(lang, 'send')}</a></p>`;
  return layout(lang, t(lang, 'hubTitle'), body, '/thong-ke');
}

export function unitScorecardPage(lang: Lang, card: Scorecard): string {
  const name = card.unit?.name ?? '';
  const body = html`<h1>${t(lang, 'unitTitle', { unit: name })}</h1>${windowsTable(lang, card.windows)}
${methodSection(lang, card)}<p><a href="/thong-ke?lang=${lang}">${t(lang, 'back')}</a> · <a href="/?lang=${lang}">${t(lang, 'send')}</a></p>`;
  return layout(lang, t(lang, 'unitTitle', { unit: name }), body, `/thong-ke/${card.unit?.smsCode ?? ''}`);
}

export function scorecardNotFoundPage(lang: Lang): string {
  return layout(lang, t(lang, 'notFound'), html`<div class="errors" role="alert">${t(lang, 'notFound')}</div><p><a href="/thong-ke?lang=${lang}">${t(lang, 'back')}</a></p>`, '/thong-ke');
}

