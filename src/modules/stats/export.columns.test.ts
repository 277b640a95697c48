import { describe, expect, it } from 'vitest';
import { BASE_COLUMNS, csvLine, hours, localText, safeText, xlsxValues, type ExportRow } from './export.columns.js';

const row: ExportRow = {
  id: 7, code: '482910375', status: 'answered', priority: 'normal', channel: 'sms', categoryCode: 'giao-thong', categoryName: 'Giao thông',
  assignedUnit: 'Xã Trà Phú, thôn "Mười"', locationUnit: '=cmd|calc', triage: 0,
  receivedAt: new Date('2026-01-05T01:00:00Z'), ackDueAt: null, firstResponseAt: new Date('2026-01-05T03:30:00Z'),
  firstResponseMs: 9_000_000, firstResponseWorkMs: 9_000_000, answeredAt: null, resolutionMs: null, resolutionWorkMs: null, closedAt: null,
  policyDueAt: null, dueAt: null, outcome: 'late_extended', overdue: false, transfers: 1, reopens: 0, rating: 4, ratedAt: null,
};

describe('export columns', () => {
  it('CSV: Vietnam local times, hours with two decimals, quoted commas and quotes, defused formulas', () => {
    const line = csvLine(BASE_COLUMNS, row);
    expect(line.endsWith('\r\n')).toBe(true);
    expect(line).toContain(',2026-01-05 08:00:00,');
    expect(line).toContain(',2.5,2.5,');
    expect(line).toContain(',"Xã Trà Phú, thôn ""Mười""",');
    expect(line).toContain(",'=cmd|calc,");
    expect(line.split(',').length).toBeGreaterThanOrEqual(BASE_COLUMNS.length);
  });

  it('XLSX: Vietnamese labels, local dates as spreadsheet dates, yes/no', () => {
    const v = xlsxValues(BASE_COLUMNS, row);
    const at = (key: string) => v[BASE_COLUMNS.findIndex((c) => c.key === key)];
    expect(at('status')).toBe('Đã trả lời');
    expect(at('on_time')).toBe('Trễ hạn (có gia hạn)');
    expect(at('received_at')).toEqual(new Date('2026-01-05T08:00:00Z'));
    expect(at('triage')).toBe('Không');
    expect(at('answered_at')).toBeNull();
  });

  it('helpers', () => {
    expect(hours(5_400_000)).toBe(1.5);
    expect(hours(null)).toBeNull();
    expect(localText(new Date('2025-12-31T17:00:00Z'))).toBe('2026-01-01 00:00:00');
    expect(['=1+1', '+84', '-2', '@x', 'ok'].map(safeText)).toEqual(["'=1+1", "'+84", "'-2", "'@x", 'ok']);
  });
});
