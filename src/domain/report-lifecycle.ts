/**
 * The report lifecycle (pure): received → in_progress → answered → closed, with
 * reopen (answered/closed → in_progress). An officer may answer straight from
 * received. Closing needs an answer first, so no report is closed unanswered.
 */
export type LifecycleStatus = 'received' | 'in_progress' | 'answered' | 'closed';

export const TRANSITIONS: Readonly<Record<LifecycleStatus, readonly LifecycleStatus[]>> = {
  received: ['in_progress', 'answered'],
  in_progress: ['answered'],
  answered: ['closed', 'in_progress'],
  closed: ['in_progress'],
};

export function canTransition(from: LifecycleStatus, to: LifecycleStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Going back to work on a report that was answered or closed. */
export function isReopen(from: LifecycleStatus, to: LifecycleStatus): boolean {
  return to === 'in_progress' && (from === 'answered' || from === 'closed');
}

export const STATUS_LABELS: Readonly<Record<LifecycleStatus, { vi: string; en: string }>> = {
  received: { vi: 'Đã tiếp nhận', en: 'Received' },
  in_progress: { vi: 'Đang xử lý', en: 'In progress' },
  answered: { vi: 'Đã trả lời', en: 'Answered' },
  closed: { vi: 'Đã đóng', en: 'Closed' },
};

/** Bilingual reason a transition is refused, for the 409 answer. */
export function transitionRefusal(from: LifecycleStatus, to: LifecycleStatus): string {
  const f = STATUS_LABELS[from];
  const t = STATUS_LABELS[to];
  const allowed = TRANSITIONS[from];
  const list = (lang: 'vi' | 'en') => allowed.map((s) => `"${STATUS_LABELS[s][lang]}"`).join(lang === 'vi' ? ' hoặc ' : ' or ');
  return `Không thể chuyển từ "${f.vi}" sang "${t.vi}"; chỉ có thể chuyển sang ${list('vi')} / `
    + `Cannot change from "${f.en}" to "${t.en}"; allowed: ${list('en')}`;
}
