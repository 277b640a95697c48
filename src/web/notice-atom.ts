/**
 * A commune's notices as an Atom feed (RFC 4287): plain-text titles and
 * content, every value XML-escaped, and characters XML 1.0 cannot carry
 * removed. Entry ids are permanent: the notice id under the board's URL.
 */
import { esc } from './html.js';
import type { BoardNotice, BoardUnit } from './notice-pages.js';

/** Escape for XML text and attributes; drop control characters XML 1.0 forbids. */
export function xmlText(value: string): string {
  return esc(value.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, ''));
}

export function atomFeed(baseUrl: string, unit: BoardUnit, list: BoardNotice[], now: Date): string {
  const base = baseUrl.replace(/\/+$/, '');
  const board = `${base}/thong-bao/${encodeURIComponent(unit.smsCode)}`;
  const updated = (list[0]?.at ?? now).toISOString();
  const entries = list.map((n) => {
    const link = `${board}#tb-${n.id}`;
    return `  <entry>
    <id>${xmlText(link)}</id>
    <title type="text">${xmlText(n.emergency ? `[KHẨN CẤP] ${n.title}` : n.title)}</title>
    <updated>${n.at.toISOString()}</updated>
    <published>${n.at.toISOString()}</published>
    <author><name>${xmlText(n.senderName)}</name></author>
    <link rel="alternate" type="text/html" href="${xmlText(link)}"/>
${n.emergency ? '    <category term="khan-cap" label="Khẩn cấp"/>\n' : ''}    <content type="text">${xmlText(n.text)}</content>
  </entry>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="vi">
  <id>${xmlText(board)}</id>
  <title type="text">${xmlText(`Thông báo — ${unit.name}`)}</title>
  <updated>${updated}</updated>
  <author><name>${xmlText(unit.name)}</name></author>
  <link rel="self" type="application/atom+xml" href="${xmlText(`${board}/atom.xml`)}"/>
  <link rel="alternate" type="text/html" href="${xmlText(board)}"/>
  <generator>Cầu Nối</generator>
${entries.join('\n')}${entries.length ? '\n' : ''}</feed>
`;
}
