/**
 * Notices (thông báo) to subscribed citizens, for leaders and administrators:
 * /admin/notices shows the list, the compose form (with its live preview) and
 * the subscriber import as three tabs; /admin/notices/:id one notice.
 */
import { useEffect, useState } from 'react';
import type { User } from '../../api/types';
import { Notice, type NoticeState } from '../../components/Notice';
import { useI18n } from '../../i18n/i18n';
import { ComposeForm } from './ComposeForm';
import { ImportForm } from './ImportForm';
import { NoticeDetail } from './NoticeDetail';
import { NoticeList } from './NoticeList';
import '../../styles/notices.css';

type Tab = 'list' | 'compose' | 'import';
const TABS: Tab[] = ['list', 'compose', 'import'];

export function NoticesPage({ user, noticeId }: { user: User; noticeId: number | null }) {
  const { t } = useI18n();
  const [tab, setTab] = useState<Tab>('list');
  const [notice, setNotice] = useState<NoticeState | null>(null);
  // A message handed to the notice view is its to show (it keeps it from its first render); not the list's later.
  useEffect(() => { if (noticeId !== null) setNotice(null); }, [noticeId]);
  if (noticeId !== null) {
    return (
      <div className="page nt-page">
        <NoticeDetail key={noticeId} id={noticeId} user={user} flash={notice} />
      </div>
    );
  }
  const label: Record<Tab, string> = { list: t('ntTabList'), compose: t('ntTabCompose'), import: t('ntTabImport') };
  return (
    <div className="page nt-page">
      <div className="nt-page-head">
        <h1>{t('ntPageTitle')}</h1>
        <div className="tabs nt-tabs" role="group" aria-label={t('ntPageTitle')}>
          {TABS.map((k) => (
            <button key={k} type="button" className="tab" aria-pressed={tab === k} onClick={() => { setTab(k); setNotice(null); }}>{label[k]}</button>
          ))}
        </div>
      </div>
      <Notice notice={notice} onDismiss={() => setNotice(null)} />
      {tab === 'list' && <NoticeList onCompose={() => setTab('compose')} />}
      {tab === 'compose' && <ComposeForm user={user} onCreated={(text) => { setNotice({ kind: 'ok', text }); setTab('list'); }} />}
      {tab === 'import' && <ImportForm />}
    </div>
  );
}
