/** One typed function per workspace route (docs/API.md). */
import { get, patch, post, request, setCsrfToken } from './client';
import type {
  Account, AccountPatch, AuditEntry, AuditFilters, CannedReply, CategoryItem, Counts, NewAccount, Page,
  ReplyPreview, ReplyResult, ReportFilters, ReportListItem, ReportStatus, ReportView, Revealed, Session, UnitItem, User,
} from './types';

const remember = (s: Session): User => { setCsrfToken(s.csrfToken); return s.user; };

export const auth = {
  async login(username: string, password: string): Promise<User> {
    return remember(await request<Session>('POST', '/api/auth/login', { username, password }, { quiet401: true }));
  },
  /** The signed-in user, or null without a live session. */
  async me(): Promise<User | null> {
    try {
      return remember(await request<Session>('GET', '/api/auth/me', undefined, { quiet401: true }));
    } catch (err) {
      if ((err as { status?: number }).status === 401) return null;
      throw err;
    }
  },
  async logout(): Promise<void> { await post<void>('/api/auth/logout'); setCsrfToken(null); },
  async logoutAll(): Promise<void> { await post<void>('/api/auth/logout-all'); setCsrfToken(null); },
  async changePassword(currentPassword: string, newPassword: string): Promise<User> {
    return remember(await post<Session>('/api/auth/password', { currentPassword, newPassword }));
  },
};

function filterQuery(f: ReportFilters) {
  return {
    status: f.status, categoryId: f.categoryId, channel: f.channel,
    overdue: f.overdue === undefined ? undefined : String(f.overdue), from: f.from, to: f.to, q: f.q?.trim(),
  };
}

export const reports = {
  list: (f: ReportFilters, cursor?: string | null, limit = 30) =>
    get<Page<ReportListItem>>('/api/reports', { ...filterQuery(f), cursor, limit }),
  counts: (f: ReportFilters) => get<Counts>('/api/reports/counts', { ...filterQuery(f), status: undefined }),
  view: (id: number) => get<ReportView>(`/api/reports/${id}`),
  reveal: (id: number) => post<Revealed>(`/api/reports/${id}/reveal`),
  preview: (id: number, text: string) => post<ReplyPreview>(`/api/reports/${id}/replies/preview`, { text }),
  reply: (id: number, text: string, markAnswered: boolean) => post<ReplyResult>(`/api/reports/${id}/replies`, { text, markAnswered }),
  note: (id: number, text: string) => post<{ message: { id: number } }>(`/api/reports/${id}/notes`, { text }),
  transfer: (id: number, unitId: number, reason: string) =>
    post<{ id: number; assignedUnit: { id: number; name: string } }>(`/api/reports/${id}/transfer`, { unitId, reason }),
  setStatus: (id: number, status: ReportStatus) =>
    patch<{ id: number; status: ReportStatus; changed: boolean }>(`/api/reports/${id}`, { status }),
  canned: (reportId: number) => get<{ items: CannedReply[] }>('/api/canned-replies', { reportId }),
};

export const catalog = {
  units: () => get<{ items: UnitItem[] }>('/api/units'),
  categories: () => get<{ items: CategoryItem[] }>('/api/categories'),
};

export const admin = {
  users: () => get<{ items: Account[] }>('/api/admin/users'),
  createUser: (a: NewAccount) => post<Account>('/api/admin/users', a),
  updateUser: (id: number, p: AccountPatch) => patch<Account>(`/api/admin/users/${id}`, p),
  resetPassword: (id: number, password: string) => post<void>(`/api/admin/users/${id}/password`, { password }),
  audit: (f: AuditFilters, cursor?: string | null) =>
    get<Page<AuditEntry>>('/api/admin/audit', { ...f, cursor, limit: 50 }),
};
