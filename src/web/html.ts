/** Escaping for server-rendered pages: nothing a citizen wrote is ever rendered as HTML (invariant 7). */
const MAP: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function esc(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => MAP[c]!);
}

/** Tagged template that escapes every interpolation unless it is `raw(...)`. */
export class Raw { constructor(readonly html: string) {} }
export const raw = (html: string) => new Raw(html);

export function html(strings: TemplateStringsArray, ...values: unknown[]): Raw {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    if (v instanceof Raw) out += v.html;
    else if (Array.isArray(v)) out += v.map((x) => (x instanceof Raw ? x.html : esc(x))).join('');
    else if (v !== undefined && v !== null && v !== false) out += esc(v);
    out += strings[i + 1] ?? '';
  });
  return new Raw(out);
}
