import { describe, expect, it } from 'vitest';
import { roomsFor } from './rooms.js';

describe('rooms of a realtime event', () => {
  it('reach every unit on the path, the assigned unit alone, and the report', () => {
    const rooms = roomsFor({ event: 'report.created', unitPaths: ['/1/4/17/'], reportId: 9, data: {} });
    expect(rooms.sort()).toEqual(['report:9', 'unit-only:17', 'unit:1', 'unit:17', 'unit:4'].sort());
  });

  it('a transfer reaches both units', () => {
    const rooms = roomsFor({ event: 'report.transferred', unitPaths: ['/1/4/17/', '/1/4/18/'], reportId: 9, data: {} });
    expect(rooms).toEqual(expect.arrayContaining(['unit-only:17', 'unit-only:18', 'unit:17', 'unit:18']));
    expect(rooms).not.toContain('unit-only:4');
  });
});
