/** The signed-in frame: top bar (brand, navigation, user, language, sign-out) and the current screen. */
import type { MouseEvent, ReactNode } from 'react';
import type { User } from '../api/types';
import { AccountPage } from '../features/account/AccountPage';
import { AuditPage } from '../features/admin/AuditPage';
import { UsersPage } from '../features/admin/UsersPage';
import { Workspace } from '../features/inbox/Workspace';
import { DashboardPage } from '../features/dashboard/DashboardPage';
import { NoticesPage } from '../features/notices/NoticesPage';
import { SettingsPage } from '../features/settings/SettingsPage';
import { AlertsBar } from '../features/alerts/AlertsBar';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { useOnline } from '../realtime/realtime';
import { navigate, pathOf, useRoute, type Route } from '../lib/router';

interface Props { user: User; onUserChange(user: User): void; onLogout(everywhere: boolean): Promise<void> }

const ROLE_KEY: Record<User['role'], MessageKey> = { officer: 'roleOfficer', leader: 'roleLeader', admin: 'roleAdmin' };

function NavLink({ to, current, children }: { to: Route; current: boolean; children: ReactNode }) {
  const onClick = (e: MouseEvent) => {
    if (e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey) return;
    e.preventDefault();
    navigate(to);
  };
  return <a href={pathOf(to)} onClick={onClick} aria-current={current ? 'page' : undefined}>{children}</a>;
}

export function Shell({ user, onUserChange, onLogout }: Props) {
  const { t, lang, setLang } = useI18n();
  const route = useRoute();
  const online = useOnline();
  let screen: ReactNode;
  if (route.name === 'users' && user.role === 'admin') screen = <UsersPage self={user} />;
  else if (route.name === 'audit' && user.role === 'admin') screen = <AuditPage />;
  else if (route.name === 'dashboard' && user.role !== 'officer') screen = <DashboardPage user={user} />;
  else if (route.name === 'notices' && user.role !== 'officer') screen = <NoticesPage user={user} noticeId={route.noticeId} />;
  else if (route.name === 'settings' && user.role === 'admin') screen = <SettingsPage section={route.section} />;
  else if (route.name === 'account') screen = <AccountPage onUserChange={onUserChange} onLogoutAll={() => onLogout(true)} />;
  else screen = <Workspace user={user} reportId={route.name === 'inbox' ? route.reportId : null} />;

  return (
    <div className="shell">
      <header className="topbar">
        <div className="brand">
          <span className="brand-name">{t('appName')}</span>
          <span className="brand-sub">{t('appSub')}</span>
        </div>
        <nav className="mainnav" aria-label={t('mainNav')}>
          <NavLink to={{ name: 'inbox', reportId: null }} current={route.name === 'inbox'}>{t('navInbox')}</NavLink>
          {user.role !== 'officer' && <NavLink to={{ name: 'dashboard' }} current={route.name === 'dashboard'}>{t('navDashboard')}</NavLink>}
          {user.role !== 'officer' && <NavLink to={{ name: 'notices', noticeId: null }} current={route.name === 'notices'}>{t('navNotices')}</NavLink>}
          {user.role === 'admin' && <NavLink to={{ name: 'users' }} current={route.name === 'users'}>{t('navUsers')}</NavLink>}
          {user.role === 'admin' && <NavLink to={{ name: 'settings', section: null }} current={route.name === 'settings'}>{t('navSettings')}</NavLink>}
          {user.role === 'admin' && <NavLink to={{ name: 'audit' }} current={route.name === 'audit'}>{t('navAudit')}</NavLink>}
          <NavLink to={{ name: 'account' }} current={route.name === 'account'}>{t('navAccount')}</NavLink>
        </nav>
        <div className="userbox">
          <span className="user-name" title={`${user.displayName} · ${t(ROLE_KEY[user.role])}`}>
            {user.displayName}<span className="user-unit"> · {user.unit.name}</span>
          </span>
          <button type="button" className="btn btn-ghost" lang={lang === 'vi' ? 'en' : 'vi'} title={t('langSwitchLabel')}
            onClick={() => setLang(lang === 'vi' ? 'en' : 'vi')}>{t('langSwitch')}</button>
          <button type="button" className="btn btn-ghost" onClick={() => void onLogout(false)}>{t('logout')}</button>
        </div>
      </header>
      {!online && <div className="offline" role="status">{t('offline')}</div>}
      {user.role === 'admin' && <AlertsBar />}
      <main className="screen">{screen}</main>
    </div>
  );
}
