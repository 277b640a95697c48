/**
 * Citizen pages, rendered on the server: no framework and no script needed,
 * so they load on a weak 3G connection and work in a basic phone browser.
 * The one small script only adds the "attach my location" button.
 */
import { formatTrackingCode } from '../domain/tracking-code.js';
import type { FieldMessages } from '../lib/errors.js';
import type { PublicReport } from '../modules/public/lookup.service.js';
import { html, raw, type Raw } from './html.js';
import { ratingSection, type RatingNotice } from './rating-form.js';
import { t, type Lang, type MessageKey } from './i18n.js';

export interface FormOption { value: string; label: string; group?: string }

function layout(lang: Lang, title: string, body: Raw, path: string): string {
  const other: Lang = lang === 'vi' ? 'en' : 'vi';
  return '<!doctype html>' + html`<html lang="${lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title} · ${t(lang, 'appName')}</title>
<link rel="icon" href="data:,"><link rel="stylesheet" href="/static/site.css"></head><body>
<header><a class="brand" href="/?lang=${lang}">${t(lang, 'appName')}</a>
<a class="lang" href="${path}${path.includes('?') ? '&' : '?'}lang=${other}">${t(lang, 'switchLang')}</a>
<p>${t(lang, 'tagline')}</p></header>
<main>${body}</main>
<footer><p>${t(lang, 'privacy')}</p></footer>
<script src="/static/site.js" defer></script></body></html>`.html;
}

function options(list: FormOption[], selected: string | undefined, lang: Lang): Raw {
  const groups = new Map<string, FormOption[]>();
  for (const o of list) groups.set(o.group ?? '', [...(groups.get(o.group ?? '') ?? []), o]);
  const opt = (o: FormOption) => html`<option value="${o.value}"${raw(o.value === selected ? ' selected' : '')}>${o.label}</option>`;
  return html`<option value="">${t(lang, 'choose')}</option>${[...groups].map(([g, items]) =>
    (g ? html`<optgroup label="${g}">${items.map(opt)}</optgroup>` : html`${items.map(opt)}`))}`;
}

const FIELD_ORDER = ['form', 'commune', 'category', 'description', 'photos', 'name', 'phone', 'location', 'consent', 'submissionId'];

export interface FormState {
  values: Record<string, string>;
  errors: FieldMessages;
  submissionId: string;
}

export function formPage(lang: Lang, communes: FormOption[], categories: FormOption[], state: FormState): string {
  const v = state.values;
  const err = (f: string) => (state.errors[f] ? html`<p class="err" id="e-${f}">${state.errors[f]![lang]}</p>` : '');
  // Listed in the order the fields appear on the form.
  const ordered = FIELD_ORDER.filter((f) => state.errors[f]).map((f) => state.errors[f]!);
  const errorList = ordered.length > 0
    ? html`<div class="errors" role="alert"><strong>${t(lang, 'errorsTitle')}</strong><ul>${ordered.map((m) => html`<li>${m[lang]}</li>`)}</ul></div>`
    : '';
  const body = html`<h1>${t(lang, 'formTitle')}</h1>${errorList}
<form method="post" action="/gui?lang=${lang}" enctype="multipart/form-data" novalidate>
<input type="hidden" name="submissionId" value="${state.submissionId}">
<label for="commune">${t(lang, 'commune')}</label>
<select id="commune" name="commune" required>${options(communes, v.commune, lang)}</select>${err('commune')}
<label for="category">${t(lang, 'category')}</label>
<select id="category" name="category" required>${options(categories, v.category, lang)}</select>${err('category')}
<label for="description">${t(lang, 'description')}</label>
<textarea id="description" name="description" rows="6" maxlength="5000" required placeholder="${t(lang, 'descriptionHint')}">${v.description ?? ''}</textarea>${err('description')}
<label for="photos">${t(lang, 'photos')}</label>
<input id="photos" name="photos" type="file" accept="image/*" multiple>${err('photos')}
<label for="name">${t(lang, 'name')}</label>
<input id="name" name="name" autocomplete="name" maxlength="100" value="${v.name ?? ''}">${err('name')}
<label for="phone">${t(lang, 'phone')}</label>
<input id="phone" name="phone" type="tel" autocomplete="tel" inputmode="tel" value="${v.phone ?? ''}">${err('phone')}
<input type="hidden" name="lat" value="${v.lat ?? ''}"><input type="hidden" name="lng" value="${v.lng ?? ''}">
<button type="button" id="locate" class="secondary" hidden>${t(lang, 'location')}</button>
<label class="check"><input type="checkbox" name="consent" value="true"${raw(v.consent ? ' checked' : '')}> ${t(lang, 'consent')}</label>${err('consent')}
<button type="submit">${t(lang, 'submit')}</button>
</form>
<p class="muted">${t(lang, 'orSms')}</p>
${lookupForm(lang, '')}`;
  return layout(lang, t(lang, 'formTitle'), body, '/');
}

function lookupForm(lang: Lang, code: string): Raw {
  return html`<section class="lookup"><h2>${t(lang, 'lookupTitle')}</h2>
<form method="get" action="/tra-cuu"><input type="hidden" name="lang" value="${lang}">
<label for="code">${t(lang, 'lookupHint')}</label>
<input id="code" name="code" inputmode="numeric" autocomplete="off" value="${code}" placeholder="482-910-375">
<button type="submit">${t(lang, 'lookupButton')}</button></form></section>`;
}

/** "22/11/2026 14:05" in Vietnam time, whatever the server's zone. */
function fmtTime(iso: string): string {
  const d = new Date(new Date(iso).getTime() + 7 * 3600 * 1000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
}

export function reportPage(lang: Lang, r: PublicReport, justSent: boolean, rated: RatingNotice = null): string {
  const st = t(lang, `st_${r.status}` as MessageKey) ?? r.status;
  const ev = (type: string) => t(lang, `ev_${type}` as MessageKey) ?? type;
  const sent = justSent
    ? html`<div class="ok" role="status"><h1>${t(lang, 'sentTitle')}</h1><p>${t(lang, 'yourCode')}:</p>
<p class="code">${formatTrackingCode(r.code)}</p><p>${t(lang, 'keepCode').replace('<mã>', r.code).replace('<code>', r.code)}</p></div>`
    : html`<h1>${t(lang, 'lookupTitle')} <span class="code-sm">${formatTrackingCode(r.code)}</span></h1>`;
  const body = html`${sent}
<dl><dt>${t(lang, 'status')}</dt><dd><span class="badge s-${r.status}">${st}</span></dd>
${r.unit ? html`<dt>${t(lang, 'unit')}</dt><dd>${r.unit.name}</dd>` : ''}
<dt>${t(lang, 'receivedAt')}</dt><dd>${fmtTime(r.receivedAt)}</dd></dl>
<h2>${t(lang, 'replies')}</h2>
${r.replies.length === 0 ? html`<p class="muted">${t(lang, 'noReplies')}</p>` : r.replies.map((x) => html`<blockquote class="reply"><p>${x.text}</p><small>${fmtTime(x.at)}</small></blockquote>`)}
${ratingSection(lang, r, rated)}
<h2>${t(lang, 'timeline')}</h2>
<ol class="timeline">${r.timeline.map((e) => html`<li><time>${fmtTime(e.at)}</time> ${ev(e.type)}${e.unit ? html` — ${e.unit}` : ''}</li>`)}</ol>
<p><a href="/?lang=${lang}">${t(lang, 'sendAnother')}</a></p>`;
  return layout(lang, t(lang, 'lookupTitle'), body, `/tra-cuu/${r.code}`);
}

export function lookupPage(lang: Lang, code: string, error: string | null): string {
  const body = html`${error ? html`<div class="errors" role="alert">${error}</div>` : ''}${lookupForm(lang, code)}`;
  return layout(lang, t(lang, 'lookupTitle'), body, '/tra-cuu');
}
