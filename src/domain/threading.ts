/**
 * Threading (DESIGN.md): a citizen's SMS or Zalo message continues their open
 * report on that channel if it was active in the last 7 days; otherwise it
 * opens a new one. Web submissions always open a new report.
 */
import type { Channel, ReportStatus } from '../db/schema/reports.js';

export const THREAD_WINDOW_MS = 7 * 24 * 3600 * 1000;

export interface CandidateReport {
  id: number;
  originChannel: Channel;
  status: ReportStatus;
  lastActivityAt: Date;
}

/** The report this message continues, or null to open a new one. */
export function pickThread(args: {
  channel: Channel;
  forceNew: boolean;
  receivedAt: Date;
  candidates: readonly CandidateReport[];
}): number | null {
  if (args.channel === 'web' || args.forceNew) return null;
  const open = args.candidates
    .filter((r) => r.originChannel === args.channel && r.status !== 'closed')
    .filter((r) => args.receivedAt.getTime() - r.lastActivityAt.getTime() <= THREAD_WINDOW_MS)
    .sort((a, b) => b.lastActivityAt.getTime() - a.lastActivityAt.getTime());
  return open[0]?.id ?? null;
}
