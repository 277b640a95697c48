/**
 * One inbox row, a real link to the report (opens in a new tab with the
 * usual modifiers). The excerpt is the citizen's text: rendered as text only.
 */
import type { MouseEvent } from 'react';
import type { ReportListItem } from '../../api/types';
import { ChannelBadge, FlagBadge, StatusBadge, formatCode } from '../../components/Badges';
import { useI18n } from '../../i18n/i18n';
import { navigate, pathOf } from '../../lib/router';

interface Props { item: ReportListItem; open: boolean; cursor: boolean; fresh: boolean; showUnit: boolean }

export function ReportRow({ item, open, cursor, fresh, showUnit }: Props) {
  const { t, lang, fmt } = useI18n();
  const route = { name: 'inbox', reportId: item.id } as const;
  const onClick = (e: MouseEvent) => {
    if (e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey) return;
    e.preventDefault();
    navigate(route);
  };
  const cls = ['row', item.unread && 'row-unread', item.overdue && 'row-overdue', open && 'row-open', cursor && 'row-cursor', fresh && 'row-fresh']
    .filter(Boolean).join(' ');
  const category = item.category ? (lang === 'vi' ? item.category.nameVi : item.category.nameEn) : null;
  return (
    <li className={cls} data-report-id={item.id} data-code={item.code}>
      <a href={pathOf(route)} onClick={onClick} aria-current={open ? 'true' : undefined} tabIndex={cursor ? 0 : -1}>
        <span className="row-top">
          {item.unread && <span className="unread-dot" title={t('unread')}><span className="visually-hidden">{t('unread')}</span></span>}
          <span className="row-code">{formatCode(item.code)}</span>
          <StatusBadge status={item.status} />
          <time className="row-time" dateTime={item.receivedAt} title={fmt.dateTime(item.receivedAt)}>{fmt.short(item.receivedAt)}</time>
        </span>
        <span className="row-excerpt">{item.excerpt}</span>
        <span className="row-meta">
          {item.overdue && <FlagBadge kind="overdue" />}
          {item.priority === 'urgent' && <FlagBadge kind="urgent" />}
          {item.triage && <FlagBadge kind="triage" />}
          <ChannelBadge channel={item.originChannel} />
          {category && <span className="meta-text">{category}</span>}
          {showUnit && <span className="meta-text">{item.assignedUnit.name}</span>}
        </span>
      </a>
    </li>
  );
}
