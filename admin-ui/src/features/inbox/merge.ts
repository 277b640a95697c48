/**
 * Folding a fresh first page into a list that may hold several pages: the
 * fresh page wins for everything it covers (new rows, changed rows, rows that
 * left the filter); older rows already loaded are kept after it.
 */
import type { Page, ReportListItem } from '../../api/types';

function olderThan(a: ReportListItem, b: ReportListItem): boolean {
  return a.receivedAt < b.receivedAt || (a.receivedAt === b.receivedAt && a.id < b.id);
}

export function mergeHead(old: Page<ReportListItem>, fresh: Page<ReportListItem>): Page<ReportListItem> {
  const last = fresh.items[fresh.items.length - 1];
  if (!last || !fresh.nextCursor || old.items.length <= fresh.items.length) return fresh;
  const ids = new Set(fresh.items.map((i) => i.id));
  const tail = old.items.filter((i) => !ids.has(i.id) && olderThan(i, last));
  return { items: [...fresh.items, ...tail], nextCursor: old.nextCursor };
}

/** Ids in `fresh` that were not in `old`: reports that just arrived. */
export function arrivals(old: ReportListItem[], fresh: ReportListItem[]): ReportListItem[] {
  const seen = new Set(old.map((i) => i.id));
  return fresh.filter((i) => !seen.has(i.id));
}
