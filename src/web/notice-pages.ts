/**
 * Public notice pages (issue 6), server-rendered like the citizen pages
 * (src/web/pages.ts): a commune's notice board, the subscription form and the
 * "stop notices" pages. Vietnamese first, English by `?lang=en`. Everything
 * interpolated is escaped (src/web/html.ts); notice text is plain text.
 */
import { html, raw, type Raw } from './html.js';
import type { Lang } from './i18n.js';

const vi = {
  app: 'Cầu Nối', switchLang: 'English', tagline: 'Thông báo của chính quyền địa phương',
  boardTitle: 'Thông báo', none: 'Chưa có thông báo nào.', emergency: 'KHẨN CẤP', from: 'Từ',
  subscribeBox: 'Nhận thông báo qua tin nhắn', subscribeLink: 'Đăng ký bằng số điện thoại',
  bySms: 'Hoặc soạn DK {code} gửi tổng đài; trên Zalo OA: nhắn DK {code}. Soạn HUY để ngừng.', feed: 'Nguồn tin Atom',
  formTitle: 'Đăng ký nhận thông báo', phone: 'Số điện thoại di động',
  consent: 'Tôi đồng ý nhận thông báo của {unit} qua tin nhắn SMS đến số này và để cơ quan lưu số điện thoại cho mục đích đó (Luật Bảo vệ dữ liệu cá nhân 2025). Tôi có thể ngừng bất cứ lúc nào bằng cách soạn HUY.',
  submit: 'Đăng ký', errorsTitle: 'Vui lòng kiểm tra lại:',
  doneTitle: 'Đã ghi nhận',
  done: 'Nếu số này chưa từng yêu cầu ngừng nhận, số đã được đăng ký và sẽ nhận một tin nhắn xác nhận kèm cách ngừng nhận. Số đã từng yêu cầu ngừng (HUY) không được đăng ký lại từ trang web: hãy soạn DK {code} từ chính điện thoại đó.',
  back: 'Xem bảng thông báo',
  stopTitle: 'Ngừng nhận thông báo', stopAsk: 'Bạn sẽ không nhận thông báo nào nữa qua SMS hoặc Zalo (trừ cảnh báo khẩn cấp theo quy định).',
  stopButton: 'Ngừng nhận thông báo', stopped: 'Đã ngừng. Bạn sẽ không nhận thông báo nữa (trừ cảnh báo khẩn cấp). Muốn nhận lại: soạn DK <mã xã>.',
  badLink: 'Liên kết không hợp lệ hoặc đã hết hiệu lực.', notFound: 'Không có đơn vị với mã này.',
  privacy: 'Số điện thoại chỉ dùng để gửi thông báo và không hiển thị công khai.',
};
type Key = keyof typeof vi;
const en: Record<Key, string> = {
  app: 'Cầu Nối', switchLang: 'Tiếng Việt', tagline: 'Notices from your local government',
  boardTitle: 'Notices', none: 'No notices yet.', emergency: 'EMERGENCY', from: 'From',
  subscribeBox: 'Get notices by text message', subscribeLink: 'Subscribe with your phone number',
  bySms: 'Or text DK {code} to the hub number; on the Zalo OA: send DK {code}. Text HUY to stop.', feed: 'Atom feed',
  formTitle: 'Subscribe to notices', phone: 'Mobile number',
  consent: 'I agree to receive notices from {unit} by SMS at this number and that the authority keeps the number for that purpose (Personal Data Protection Law 2025). I can stop at any time by texting HUY.',
  submit: 'Subscribe', errorsTitle: 'Please check:',
  doneTitle: 'Recorded',
  done: 'Unless this number has asked to stop before, it is now subscribed and gets a confirmation SMS saying how to stop. A number that asked to stop (HUY) is not subscribed again from the web: text DK {code} from that phone.',
  back: 'See the notice board',
  stopTitle: 'Stop notices', stopAsk: 'You will get no more notices by SMS or Zalo (except emergency alerts where the law requires them).',
  stopButton: 'Stop notices', stopped: 'Stopped. You will get no more notices (except emergency alerts). To subscribe again: text DK <commune code>.',
  badLink: 'This link is invalid or no longer works.', notFound: 'No unit has this code.',
  privacy: 'Your number is used only to send notices and is never shown publicly.',
};
const T: Record<Lang, Record<Key, string>> = { vi, en };
const t = (lang: Lang, k: Key, vars: Record<string, string> = {}) => T[lang][k].replace(/\{(\w+)\}/g, (_m, v: string) => vars[v] ?? '');

export interface BoardNotice { id: number; title: string; text: string; emergency: boolean; senderName: string; at: Date }
export interface BoardUnit { name: string; smsCode: string }

/** "22/11/2026 14:05" in Vietnam time (UTC+7, no daylight saving). */
export function fmtTime(d: Date): string {
  const v = new Date(d.getTime() + 7 * 3600 * 1000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(v.getUTCDate())}/${p(v.getUTCMonth() + 1)}/${v.getUTCFullYear()} ${p(v.getUTCHours())}:${p(v.getUTCMinutes())}`;
}

function layout(lang: Lang, title: string, body: Raw, path: string, head: Raw = raw('')): string {
  const other: Lang = lang === 'vi' ? 'en' : 'vi';
  return '<!doctype html>' + html`<html lang="${lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title} · ${t(lang, 'app')}</title>${head}
<link rel="icon" href="data:,"><link rel="stylesheet" href="/static/site.css"><link rel="stylesheet" href="/static/notices.css"></head><body>
<header><a class="brand" href="/?lang=${lang}">${t(lang, 'app')}</a>
<a class="lang" href="${path}${path.includes('?') ? '&' : '?'}lang=${other}">${t(lang, 'switchLang')}</a>
<p>${t(lang, 'tagline')}</p></header>
<main>${body}</main>
<footer><p>${t(lang, 'privacy')}</p></footer></body></html>`.html;
}

export function boardPage(lang: Lang, unit: BoardUnit, list: BoardNotice[]): string {
  const base = `/thong-bao/${unit.smsCode}`;
  const items = list.map((n) => html`<article id="tb-${n.id}" class="notice${raw(n.emergency ? ' emergency' : '')}">
${n.emergency ? html`<p class="flag">${t(lang, 'emergency')}</p>` : ''}<h2>${n.title}</h2>
<p class="meta"><time datetime="${n.at.toISOString()}">${fmtTime(n.at)}</time> · ${t(lang, 'from')} ${n.senderName}</p>
<p class="text">${n.text}</p></article>`);
  const body = html`<h1>${t(lang, 'boardTitle')} — ${unit.name}</h1>
${list.length === 0 ? html`<p class="muted">${t(lang, 'none')}</p>` : items}
<section class="subscribe"><h2>${t(lang, 'subscribeBox')}</h2>
<p><a href="${base}/dang-ky?lang=${lang}">${t(lang, 'subscribeLink')}</a></p>
<p class="muted">${t(lang, 'bySms', { code: unit.smsCode })}</p>
<p class="muted"><a href="${base}/atom.xml">${t(lang, 'feed')}</a></p></section>`;
  const head = html`<link rel="alternate" type="application/atom+xml" title="${t(lang, 'boardTitle')} — ${unit.name}" href="${base}/atom.xml">`;
  return layout(lang, `${t(lang, 'boardTitle')} — ${unit.name}`, body, base, head);
}

export interface SubscribeState { phone: string; consent: boolean; errors: Record<string, { vi: string; en: string }> }

export function subscribePage(lang: Lang, unit: BoardUnit, s: SubscribeState): string {
  const path = `/thong-bao/${unit.smsCode}/dang-ky`;
  const errs = Object.values(s.errors);
  const err = (f: string) => (s.errors[f] ? html`<p class="err">${s.errors[f]![lang]}</p>` : '');
  const body = html`<h1>${t(lang, 'formTitle')} — ${unit.name}</h1>
${errs.length ? html`<div class="errors" role="alert"><strong>${t(lang, 'errorsTitle')}</strong><ul>${errs.map((m) => html`<li>${m[lang]}</li>`)}</ul></div>` : ''}
<form method="post" action="${path}?lang=${lang}" novalidate>
<label for="phone">${t(lang, 'phone')}</label>
<input id="phone" name="phone" type="tel" autocomplete="tel" inputmode="tel" required value="${s.phone}">${err('phone')}
<label class="check"><input type="checkbox" name="consent" value="true"${raw(s.consent ? ' checked' : '')}> ${t(lang, 'consent', { unit: unit.name })}</label>${err('consent')}
<button type="submit">${t(lang, 'submit')}</button></form>
<p class="muted">${t(lang, 'bySms', { code: unit.smsCode })}</p>`;
  return layout(lang, t(lang, 'formTitle'), body, path);
}

export function subscribedPage(lang: Lang, unit: BoardUnit): string {
  const body = html`<div class="ok" role="status"><h1>${t(lang, 'doneTitle')}</h1><p>${t(lang, 'done', { code: unit.smsCode })}</p></div>
<p><a href="/thong-bao/${unit.smsCode}?lang=${lang}">${t(lang, 'back')}</a></p>`;
  return layout(lang, t(lang, 'doneTitle'), body, `/thong-bao/${unit.smsCode}`);
}

export function stopPage(lang: Lang, token: string, state: 'ask' | 'done' | 'bad'): string {
  const body = state === 'bad' ? html`<h1>${t(lang, 'stopTitle')}</h1><div class="errors" role="alert">${t(lang, 'badLink')}</div>`
    : state === 'done' ? html`<div class="ok" role="status"><h1>${t(lang, 'stopTitle')}</h1><p>${t(lang, 'stopped')}</p></div>`
      : html`<h1>${t(lang, 'stopTitle')}</h1><p>${t(lang, 'stopAsk')}</p>
<form method="post" action="/thong-bao/huy?lang=${lang}"><input type="hidden" name="t" value="${token}">
<button type="submit">${t(lang, 'stopButton')}</button></form>`;
  return layout(lang, t(lang, 'stopTitle'), body, `/thong-bao/huy?t=${encodeURIComponent(token)}`);
}

export function unitNotFoundPage(lang: Lang): string {
  return layout(lang, t(lang, 'boardTitle'), html`<h1>${t(lang, 'boardTitle')}</h1><div class="errors" role="alert">${t(lang, 'notFound')}</div>`, '/');
}
