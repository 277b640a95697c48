/**
 * Language context: Vietnamese by default, English on request; the choice is
 * remembered in localStorage. `t` fills `{placeholders}`; `fmt` formats times
 * in Vietnam's time zone whatever the browser's.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { messageIn, type FieldMessage } from '../api/client';
import { en, vi, type MessageKey } from './messages';

export type Lang = 'vi' | 'en';
export type Vars = Record<string, string | number>;

const STORAGE_KEY = 'caunoi.admin.lang';
const TZ = 'Asia/Ho_Chi_Minh';

function initialLang(): Lang {
  try { return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'vi'; } catch { return 'vi'; }
}

export function translate(lang: Lang, key: MessageKey, vars: Vars = {}): string {
  const template: string = (lang === 'en' ? en : vi)[key];
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

export interface Formatters {
  dateTime(iso: string): string;
  date(iso: string): string;
  /** Today: the time only; other days: the date. For the inbox rows. */
  short(iso: string): string;
  duration(ms: number): string;
}

function makeFormatters(lang: Lang): Formatters {
  const locale = lang === 'vi' ? 'vi-VN' : 'en-GB';
  const full = new Intl.DateTimeFormat(locale, { timeZone: TZ, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' });
  const day = new Intl.DateTimeFormat(locale, { timeZone: TZ, day: '2-digit', month: '2-digit', year: 'numeric' });
  const dayShort = new Intl.DateTimeFormat(locale, { timeZone: TZ, day: '2-digit', month: '2-digit' });
  const time = new Intl.DateTimeFormat(locale, { timeZone: TZ, hour: '2-digit', minute: '2-digit' });
  return {
    dateTime: (iso) => full.format(new Date(iso)),
    date: (iso) => day.format(new Date(iso)),
    short: (iso) => {
      const d = new Date(iso);
      return day.format(d) === day.format(new Date()) ? time.format(d) : dayShort.format(d);
    },
    duration: (ms) => {
      const min = Math.max(1, Math.round(Math.abs(ms) / 60_000));
      if (min < 60) return translate(lang, 'minutes', { n: min });
      const h = Math.round(min / 60);
      return h < 48 ? translate(lang, 'hours', { n: h }) : translate(lang, 'days', { n: Math.round(h / 24) });
    },
  };
}

export interface I18n {
  lang: Lang;
  setLang(lang: Lang): void;
  t(key: MessageKey, vars?: Vars): string;
  /** A field message {vi, en} from the server. */
  field(m: FieldMessage): string;
  /** A server message "Tiếng Việt / English". */
  server(message: string): string;
  fmt: Formatters;
}

const Ctx = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = `${translate(lang, 'appName')} · ${translate(lang, 'appSub')}`;
  }, [lang]);
  const setLang = useCallback((l: Lang) => {
    setLangState(l);
    try { localStorage.setItem(STORAGE_KEY, l); } catch { /* private mode: the choice lasts this visit */ }
  }, []);
  const value = useMemo<I18n>(() => ({
    lang, setLang,
    t: (key, vars) => translate(lang, key, vars),
    field: (m) => m[lang],
    server: (message) => messageIn(message, lang),
    fmt: makeFormatters(lang),
  }), [lang, setLang]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(Ctx);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}
