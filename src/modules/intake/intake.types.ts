import type { RealtimeEvent } from '../../realtime/rooms.js';

/** What an intake job must do after its transaction commits. */
export interface IntakeEffects {
  outboundMessageIds: number[];
  attachmentDownloads: number[];
  realtime: RealtimeEvent[];
  reportId: number | null;
  /** Notices whose deliveries a receipt moved (their progress is published after commit). */
  noticeIds?: number[];
}

export const noEffects = (): IntakeEffects => ({ outboundMessageIds: [], attachmentDownloads: [], realtime: [], reportId: null });
