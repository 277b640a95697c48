/**
 * Socket.io room names. An event about a report goes to the room of every unit
 * on its assigned unit's path (commune, district, province) and to the report's
 * own room, so a leader joins one room — their unit's — and sees everything
 * below it, and an officer's room never carries another commune's events.
 */
export const unitRoom = (unitId: number) => `unit:${unitId}`;
export const reportRoom = (reportId: number) => `report:${reportId}`;
export const userRoom = (userId: number) => `user:${userId}`;
/**
 * Events about reports assigned to exactly this unit. An officer's scope is their own unit
 * only, so officers join this room, not `unitRoom` (which also carries the units below).
 */
export const unitOnlyRoom = (unitId: number) => `unit-only:${unitId}`;

/** "/1/4/17/" → [1, 4, 17] */
export function pathIds(path: string): number[] {
  return path.split('/').filter(Boolean).map(Number);
}

export interface RealtimeEvent {
  event: 'report.created' | 'report.updated' | 'message.created' | 'message.status' | 'report.transferred' | 'report.status'
    /** Deadlines and escalation (src/modules/sla): data.kind says which (docs/API.md). */
    | 'report.sla'
    /** A notice's delivery counts (src/modules/notices/progress.ts). */
    | 'notice.progress';
  /** Unit path(s) whose rooms receive it. */
  unitPaths: string[];
  /** Further rooms that receive it as they are (notices: the sender's `userRoom`, the target units' `unitRoom`s). */
  rooms?: string[];
  reportId?: number;
  data: Record<string, unknown>;
}

export function roomsFor(e: RealtimeEvent): string[] {
  const rooms = new Set<string>();
  for (const p of e.unitPaths) {
    const ids = pathIds(p);
    for (const id of ids) rooms.add(unitRoom(id));
    const own = ids[ids.length - 1];
    if (own !== undefined) rooms.add(unitOnlyRoom(own));
  }
  if (e.reportId !== undefined) rooms.add(reportRoom(e.reportId));
  for (const r of e.rooms ?? []) rooms.add(r);
  return [...rooms];
}
