/**
 * Typed calls for notices and subscriber imports (docs/API.md "Notices (thông
 * báo) and subscribers"; server: src/modules/notices, src/modules/subscriptions).
 */
import { ApiError, get, post, type FieldMessage, type FieldMessages } from './client';
import type { Page, ReplyPreview } from './types';

export type NoticeChannel = 'sms' | 'zalo' | 'board';
export type NoticeStatus = 'pending_approval' | 'scheduled' | 'sending' | 'sent' | 'cancelled';

export const NOTICE_CHANNELS: readonly NoticeChannel[] = ['sms', 'zalo', 'board'];
export const NOTICE_STATUSES: readonly NoticeStatus[] = ['pending_approval', 'scheduled', 'sending', 'sent', 'cancelled'];

export interface NoticeCounts {
  total: number; queued: number; sent: number; delivered: number; failed: number; skipped: number;
  skippedBy: { opted_out: number; no_channel: number; cancelled: number };
}

export interface PersonRef { id: number; displayName: string }

export interface Notice {
  id: number; title: string; status: NoticeStatus; emergency: boolean;
  channels: NoticeChannel[]; topic: string | null;
  units: { id: number; name: string; smsCode: string | null }[];
  senderName: string; estimatedRecipients: number;
  scheduledAt: string | null; createdAt: string; startedAt: string | null; completedAt: string | null;
  approvedAt: string | null; cancelledAt: string | null;
  createdBy: PersonRef; approvedBy: PersonRef | null; cancelledBy: PersonRef | null;
  counts: NoticeCounts;
  permissions: { approve: boolean; cancel: boolean; retryFailed: boolean };
  optOutNote: FieldMessage;
}
export type NoticeListItem = Notice & { excerpt: string };
export type NoticeDetail = Notice & { text: string };

export interface NoticeDraft {
  title: string; text: string; unitCodes: string[]; channels: NoticeChannel[];
  emergency: boolean; scheduledAt?: string; topic?: string;
}

export interface NoticePreview {
  senderName: string;
  sms: ReplyPreview & { channel: 'sms' };
  zalo: ReplyPreview & { channel: 'zalo' };
  unaccented: string;
  recipients: { total: number; optedOut: number; byChannel: { zalo: number; zns: number; sms: number; none: number } };
  estimatedMessages: { sms: number; zalo: number; zns: number; total: number };
  approval: { threshold: number; required: boolean };
  quietHours: { window: string; heldUntil: string | null };
  optOutNote: FieldMessage;
}

export interface Created { id: number; status: NoticeStatus; estimatedRecipients: number; approvalThreshold: number }

/** Socket event `notice.progress`. */
export interface NoticeProgress { id: number; status: NoticeStatus; counts: NoticeCounts }

export interface ImportResult {
  unit: { id: number; name: string };
  rows: number; imported: number; alreadySubscribed: number;
  optedOut: { count: number; lines: number[] };
  rule: FieldMessage;
}
export interface ImportLineError { line: number; field: 'phone' | 'consent_at' | 'consent_method' | 'file'; message: FieldMessage }

/** A refused import: the usual ApiError plus the offending lines of the file. */
export class ImportError extends ApiError {
  constructor(status: number, code: string, message: string, fields: FieldMessages, readonly lines: ImportLineError[]) {
    super(status, code, message, fields);
  }
}

export const notices = {
  list: (cursor?: string | null, status?: NoticeStatus, limit = 30) =>
    get<Page<NoticeListItem>>('/api/notices', { cursor, status, limit }),
  view: (id: number) => get<NoticeDetail>(`/api/notices/${id}`),
  preview: (d: Pick<NoticeDraft, 'title' | 'text' | 'unitCodes' | 'channels' | 'emergency'>) =>
    post<NoticePreview>('/api/notices/preview', d),
  create: (d: NoticeDraft) => post<Created>('/api/notices', d),
  approve: (id: number) => post<{ id: number; status: NoticeStatus }>(`/api/notices/${id}/approve`),
  cancel: (id: number) => post<{ id: number; status: 'cancelled' }>(`/api/notices/${id}/cancel`),
  retryFailed: (id: number) => post<{ id: number; status: 'sending'; retried: number }>(`/api/notices/${id}/retry-failed`),
};

const NETWORK = 'Không kết nối được máy chủ, vui lòng thử lại / Cannot reach the server, please retry';

interface ImportErrorBody { error?: { code?: string; message?: string; fields?: FieldMessages; lines?: ImportLineError[] } }

/**
 * POST /api/subscriptions/import is multipart, which the JSON client does not
 * send. The CSRF token is read fresh from /api/auth/me (the client keeps its
 * copy private); that call also sends a lost session to the sign-in page.
 */
export async function importSubscribers(unitCode: string, file: File): Promise<ImportResult> {
  const { csrfToken } = await get<{ csrfToken: string }>('/api/auth/me');
  const body = new FormData();
  body.set('unitCode', unitCode);
  body.set('file', file, file.name);
  let res: Response;
  try {
    res = await fetch('/api/subscriptions/import', {
      method: 'POST', body, credentials: 'same-origin', cache: 'no-store',
      headers: { Accept: 'application/json', 'X-CSRF-Token': csrfToken },
    });
  } catch {
    throw new ApiError(0, 'network', NETWORK);
  }
  if (res.ok) return (await res.json()) as ImportResult;
  const e = ((await res.json().catch(() => null)) as ImportErrorBody | null)?.error;
  throw new ImportError(
    res.status, e?.code ?? (res.status >= 500 ? 'internal' : 'bad_request'),
    e?.message ?? `Lỗi ${res.status} / Error ${res.status}`, e?.fields ?? {}, e?.lines ?? [],
  );
}
