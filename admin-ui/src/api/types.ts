/** Shapes of the workspace API (docs/API.md). Times are ISO 8601 strings in UTC. */

export type Role = 'officer' | 'leader' | 'admin';
export type ReportStatus = 'received' | 'in_progress' | 'answered' | 'closed';
export type Priority = 'urgent' | 'normal' | 'complex';
export type Channel = 'web' | 'sms' | 'zalo';
export type MessageStatus = 'received' | 'queued' | 'sending' | 'sent' | 'delivered' | 'read' | 'failed' | 'undeliverable';

export const REPORT_STATUSES: readonly ReportStatus[] = ['received', 'in_progress', 'answered', 'closed'];
export const CHANNELS: readonly Channel[] = ['web', 'sms', 'zalo'];

export interface Ref { id: number; name: string }

export interface User {
  id: number; username: string; displayName: string; role: Role;
  unit: Ref; canReveal: boolean;
}
export interface Session { csrfToken: string; user: User }

export interface Category { id: number; code: string; nameVi: string; nameEn: string }
export interface CategoryItem extends Category { defaultPriority: Priority }

export interface ReportListItem {
  id: number; code: string; status: ReportStatus; priority: Priority;
  originChannel: Channel; triage: boolean; excerpt: string;
  category: Category | null; assignedUnit: Ref; locationUnit: Ref | null;
  receivedAt: string; lastActivityAt: string; ackDueAt: string | null; dueAt: string | null;
  firstResponseAt: string | null; answeredAt: string | null; closedAt: string | null;
  overdue: boolean; unread: boolean;
}
export interface Page<T> { items: T[]; nextCursor: string | null }

export interface Counts {
  total: number; overdue: number;
  byStatus: Record<ReportStatus, number>;
}

export interface ReportFilters {
  status?: ReportStatus;
  categoryId?: number;
  channel?: Channel;
  overdue?: boolean;
  from?: string;
  to?: string;
  q?: string;
}

export interface ReportDetail {
  id: number; code: string; codeFormatted: string; status: ReportStatus; priority: Priority;
  originChannel: Channel; replyChannel: Channel; triage: boolean; category: Category | null;
  assignedUnit: Ref; locationUnit: Ref | null; description: string;
  location: { lat: number; lng: number } | null;
  receivedAt: string; lastActivityAt: string; ackDueAt: string | null; dueAt: string | null;
  firstResponseAt: string | null; answeredAt: string | null; closedAt: string | null; overdue: boolean;
}
export interface Reporter {
  name: string | null; phone: string | null; masked: true; canReveal: boolean; deidentified: boolean;
}
export interface ThreadMessage {
  id: number; direction: 'in' | 'out' | 'note';
  kind: 'text' | 'ack' | 'reply' | 'system' | 'note';
  channel: Channel; text: string; html: string | null; status: MessageStatus; errorCode: string | null;
  author: { id: number; displayName: string } | null;
  createdAt: string; sentAt: string | null; deliveredAt: string | null; attachmentIds: number[];
}
export interface Attachment {
  id: number; messageId: number | null;
  kind: 'image' | 'file' | 'audio' | 'video' | 'sticker' | 'location';
  mime: string | null; size: number | null; status: 'stored' | 'pending' | 'failed';
  url: string | null; createdAt: string;
}
export interface TimelineEvent {
  id: number; type: string; actorKind: 'system' | 'citizen' | 'officer';
  actor: { id: number; displayName: string } | null; unit: Ref | null;
  data: Record<string, unknown>; at: string;
}
export interface ReportView {
  report: ReportDetail; reporter: Reporter; thread: ThreadMessage[];
  attachments: Attachment[]; timeline: TimelineEvent[];
}
export interface Revealed { name: string | null; phone: string | null; phoneDisplay: string | null }

export interface ReplyPreview {
  channel: Channel; encoding: 'GSM-7' | 'UCS-2' | 'UTF-8' | null;
  segments: number; chars: number; limit: number | null; parts: number; text: string;
}
export interface ReplyResult {
  message: { id: number; channel: Channel; status: MessageStatus };
  reportStatus: ReportStatus; preview: ReplyPreview;
}

export interface CannedReply {
  id: number; unit: Ref; title: string; body: string; rendered: string | null;
  canEdit: boolean; updatedAt: string;
}

export interface UnitItem {
  id: number; parentId: number | null; kind: 'province' | 'district' | 'commune' | 'department';
  name: string; smsCode: string | null; path: string; isTriage: boolean | number; depth: number; inScope: boolean;
}

export interface Account extends User {
  disabled: boolean; lockedUntil: string | null; failedLogins: number; createdAt: string;
}
export interface NewAccount {
  username: string; displayName: string; password: string; role: Role; unitId: number; canReveal: boolean;
}
export interface AccountPatch {
  displayName?: string; role?: Role; unitId?: number; canReveal?: boolean; disabled?: boolean; unlock?: true;
}

export interface AuditEntry {
  id: number; at: string; action: string; targetType: string | null; targetId: string | number | null;
  data: Record<string, unknown> | null;
  user: { id: number; username: string; displayName: string } | null;
}
export interface AuditFilters { action?: string; from?: string; to?: string; userId?: number }

/** Realtime payloads (ids and display-safe fields only). */
export interface RealtimeEvents {
  'report.created': { reportId: number; code: string; assignedUnitId: number; channel: Channel; triage: boolean };
  'message.created': { reportId: number; messageId: number; direction: 'in' | 'out' | 'note'; kind?: string; status?: MessageStatus };
  'message.status': { reportId: number; messageId: number; status: MessageStatus };
  'report.status': { reportId: number; status: ReportStatus; from?: ReportStatus };
  'report.transferred': { reportId: number; code: string; fromUnitId: number; toUnitId: number };
}
export type RealtimeName = keyof RealtimeEvents;
