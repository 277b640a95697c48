/**
 * A tiny history router for the few screens under /admin/. The api answers
 * every /admin/* path with index.html, so deep links and reloads work.
 */
import { useEffect, useState } from 'react';

export const BASE = '/admin';

export type Route =
  | { name: 'inbox'; reportId: number | null }
  | { name: 'users' }
  | { name: 'audit' }
  | { name: 'account' }
  | { name: 'dashboard' }
  | { name: 'notices'; noticeId: number | null }
  | { name: 'settings'; section: string | null };

export function parseRoute(pathname: string): Route {
  const rest = pathname.startsWith(BASE) ? pathname.slice(BASE.length) : pathname;
  const report = /^\/reports\/(\d{1,12})\/?$/.exec(rest);
  if (report) return { name: 'inbox', reportId: Number(report[1]) };
  if (/^\/users\/?$/.test(rest)) return { name: 'users' };
  if (/^\/audit\/?$/.test(rest)) return { name: 'audit' };
  if (/^\/account\/?$/.test(rest)) return { name: 'account' };
  if (/^\/dashboard\/?$/.test(rest)) return { name: 'dashboard' };
  const settings = /^\/settings(?:\/([a-z-]{1,32}))?\/?$/.exec(rest);
  if (settings) return { name: 'settings', section: settings[1] ?? null };
  const notice = /^\/notices(?:\/(\d{1,12}))?\/?$/.exec(rest);
  if (notice) return { name: 'notices', noticeId: notice[1] ? Number(notice[1]) : null };
  return { name: 'inbox', reportId: null };
}

export function pathOf(route: Route): string {
  switch (route.name) {
    case 'inbox': return route.reportId === null ? `${BASE}/` : `${BASE}/reports/${route.reportId}`;
    case 'users': return `${BASE}/users`;
    case 'audit': return `${BASE}/audit`;
    case 'account': return `${BASE}/account`;
    case 'dashboard': return `${BASE}/dashboard`;
    case 'settings': return route.section === null ? `${BASE}/settings` : `${BASE}/settings/${route.section}`;
    case 'notices': return route.noticeId === null ? `${BASE}/notices` : `${BASE}/notices/${route.noticeId}`;
  }
}

const EVENT = 'caunoi:navigate';

export function navigate(route: Route, opts: { replace?: boolean } = {}): void {
  const path = pathOf(route);
  if (path === window.location.pathname) return;
  if (opts.replace) window.history.replaceState(null, '', path);
  else window.history.pushState(null, '', path);
  window.dispatchEvent(new Event(EVENT));
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.pathname));
  useEffect(() => {
    const update = () => setRoute(parseRoute(window.location.pathname));
    window.addEventListener('popstate', update);
    window.addEventListener(EVENT, update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(EVENT, update);
    };
  }, []);
  return route;
}
