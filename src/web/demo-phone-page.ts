/**
 * /demo/phone: a visitor plays the citizen with a simulated phone. Server
 * rendered, works without script (the form posts and the page reloads); the
 * small external script (CSP: no inline code) polls for answers. Everything
 * shown is escaped — the visitor types free text.
 */
import type { SimEntry } from '../channels/sms-sim/sim.gateway.js';
import { html, raw, type Raw } from './html.js';
import type { Lang } from './i18n.js';

const T = {
  vi: {
    title: 'Điện thoại thử nghiệm', intro: 'Đóng vai người dân: chọn một số điện thoại, nhắn tin SMS đến tổng đài Cầu Nối và xem tin trả lời. Tin nhắn đi qua đúng đường của nhà mạng (webhook) nhưng không gửi thật.',
    phone: 'Số điện thoại của bạn', text: 'Tin nhắn', send: 'Gửi tin nhắn', empty: 'Chưa có tin nhắn nào.', you: 'Bạn', hub: 'Cầu Nối',
    delivered: 'đã nhận', sent: 'đang gửi', samples: 'Thử các cú pháp:', off: 'Điện thoại thử nghiệm đang tắt vì máy chủ đã cấu hình tổng đài SMS thật.',
    syntax: 'PA <mã xã> <nội dung> — gửi phản ánh · TC <mã 9 số> — xem tiến độ · DK <mã xã> — nhận thông báo · HUY — ngừng nhận · 1–5 — đánh giá câu trả lời',
    other: 'English', sms: 'SMS',
  },
  en: {
    title: 'Demo phone', intro: 'Play the citizen: pick a phone number, text the Cầu Nối hub and watch the answers arrive. Messages take the real gateway path (webhook) but nothing is really sent.',
    phone: 'Your phone number', text: 'Message', send: 'Send SMS', empty: 'No messages yet.', you: 'You', hub: 'Cầu Nối',
    delivered: 'delivered', sent: 'sending', samples: 'Try these commands:', off: 'The demo phone is off because a real SMS gateway is configured.',
    syntax: 'PA <commune code> <text> — report · TC <9-digit code> — status · DK <commune code> — subscribe · HUY — stop · 1–5 — rate the answer',
    other: 'Tiếng Việt', sms: 'SMS',
  },
} as const;

export const DEMO_NUMBERS = ['0912 345 678', '0987 654 321', '0356 789 012'];
const SAMPLES = ['PA TRAPHU Đường vào thôn 3 bị sạt lở, xe máy không qua được', 'TC 482910375', 'DK TRAPHU', 'HUY', '5'];

export function conversationHtml(entries: readonly SimEntry[], lang: Lang): Raw {
  const t = T[lang];
  if (entries.length === 0) return html`<li class="muted">${t.empty}</li>`;
  return html`${entries.map((e) => html`<li class="bubble ${e.dir === 'in' ? 'mine' : 'theirs'}"><span class="who">${e.dir === 'in' ? t.you : t.hub}</span>
<p>${e.text}</p><time datetime="${e.at}">${new Date(e.at).toLocaleTimeString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' })}</time>${e.dir === 'out' ? html` <span class="st">${e.status === 'delivered' ? t.delivered : t.sent}</span>` : ''}</li>`)}`;
}

export function demoPhonePage(lang: Lang, opts: { enabled: boolean; phone: string; entries: readonly SimEntry[]; error?: string }): string {
  const t = T[lang];
  const other: Lang = lang === 'vi' ? 'en' : 'vi';
  const body = opts.enabled ? html`
<nav class="tabs" aria-label="channels"><a aria-current="page" href="/demo/phone?lang=${lang}">${t.sms}</a></nav>
<form method="post" action="/demo/phone/send?lang=${lang}" id="phone-form" data-lang="${lang}">
<label for="phone">${t.phone}</label>
<input id="phone" name="phone" type="tel" list="demo-numbers" value="${opts.phone}" autocomplete="off" required>
<datalist id="demo-numbers">${DEMO_NUMBERS.map((n) => html`<option value="${n}">`)}</datalist>
<ol class="thread" id="thread" aria-live="polite">${conversationHtml(opts.entries, lang)}</ol>
${opts.error ? html`<p class="err" role="alert">${opts.error}</p>` : ''}
<label for="text">${t.text}</label>
<textarea id="text" name="text" rows="3" maxlength="480" required></textarea>
<button type="submit">${t.send}</button>
</form>
<p class="muted">${t.samples}</p>
<ul class="samples">${SAMPLES.map((s) => html`<li><button type="button" class="secondary sample" data-sample="${s}">${s}</button></li>`)}</ul>
<p class="muted">${t.syntax}</p>` : html`<p>${t.off}</p>`;
  return '<!doctype html>' + html`<html lang="${lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${t.title} · Cầu Nối</title>
<link rel="stylesheet" href="/static/site.css"><link rel="stylesheet" href="/static/demo-phone.css"></head><body>
<header><a class="brand" href="/?lang=${lang}">Cầu Nối</a>
<a class="lang" href="/demo/phone?lang=${other}">${t.other}</a><p>${t.title}</p></header>
<main><h1>${t.title}</h1><p>${t.intro}</p>${body}</main>
${raw(opts.enabled ? '<script src="/static/demo-phone.js" defer></script>' : '')}</body></html>`.html;
}
