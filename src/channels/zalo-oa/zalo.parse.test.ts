import { describe, expect, it } from 'vitest';
import { fixtureBytes, rawRequest } from '../../../tests/support/zalo-fixtures.js';
import type { InboundMessage, InboundOther, InboundStatus, NormalizedEvent } from '../types.js';
import { normalizedEventSchema } from '../types.js';
import { parseZaloWebhook, ZaloPayloadError } from './zalo.parse.js';

const USER = '8417347285961289123';
const AT = new Date(1767231000123).toISOString();

const parse = (name: string): NormalizedEvent[] => {
  const events = parseZaloWebhook(rawRequest(fixtureBytes(name)));
  for (const e of events) expect(normalizedEventSchema.safeParse(e).success).toBe(true);
  return events;
};
const one = <T extends NormalizedEvent>(name: string): T => {
  const events = parse(name);
  expect(events).toHaveLength(1);
  return events[0] as T;
};

describe('parsing Zalo webhook events', () => {
  it('turns user_send_text into a message from the OA-scoped user id, keeping user_id_by_app', () => {
    const m = one<InboundMessage>('user_send_text');
    expect(m).toMatchObject({
      type: 'message', externalId: 'cb31dff1c39642cc1b83', receivedAt: AT, media: [],
      from: { externalId: USER, profile: { user_id_by_app: '979122185046046317' } },
    });
    expect(m.text).toContain('sạt lở');
  });

  it('keeps the quoted message id', () => {
    expect(one<InboundMessage>('user_send_text_quote').inReplyTo).toBe('a7f3e2d19c8b4f6e0d21');
  });

  it('turns an image into media to download, with its caption as text', () => {
    const m = one<InboundMessage>('user_send_image');
    expect(m.text).toBe('Cây đổ chắn đường');
    expect(m.media).toEqual([{ kind: 'image', url: 'https://photo-stal.zdn.vn/uploads/2026/01/a1b2c3d4e5.jpg' }]);
  });

  it('keeps a file name and size, and shows a placeholder when there is no caption', () => {
    const m = one<InboundMessage>('user_send_file');
    expect(m.text).toBe('[Tệp đính kèm]');
    expect(m.media).toEqual([{ kind: 'file', url: 'https://f20-zpc.zdn.vn/2026/01/don-kien-nghi.pdf', name: 'don-kien-nghi.pdf', size: 184321 }]);
  });

  it('turns a shared location into coordinates', () => {
    const m = one<InboundMessage>('user_send_location');
    expect(m.location).toEqual({ lat: 15.2204431, lng: 108.5329118 });
    expect(m.media).toEqual([]);
    expect(m.text).toBe('[Vị trí]');
  });

  it.each([
    ['user_send_sticker', 'sticker'], ['user_send_audio', 'audio'], ['user_send_video', 'video'], ['user_send_gif', 'image'],
  ])('turns %s into a %s media item', (name, kind) => {
    const m = one<InboundMessage>(name);
    expect(m.media).toHaveLength(1);
    expect(m.media[0]?.kind).toBe(kind);
    expect(m.media[0]?.url).toMatch(/^https:\/\//);
  });

  it('appends a shared link to the text instead of fetching it', () => {
    const m = one<InboundMessage>('user_send_link');
    expect(m.text).toBe('Bài báo về vụ việc\nhttps://baoquangngai.vn/bai-viet-123.htm');
    expect(m.media).toEqual([]);
  });

  it('turns user_received_message into a delivered status of our message', () => {
    expect(one<InboundStatus>('user_received_message')).toEqual({
      type: 'status', externalId: 'user_received_message:5f9a1c2d3e4b5a6f7e8d', providerMessageIds: ['5f9a1c2d3e4b5a6f7e8d'], status: 'delivered', at: AT,
    });
  });

  it('turns user_seen_message with a msg_ids array into a read status with a stable composite id', () => {
    const s = one<InboundStatus>('user_seen_message');
    expect(s.status).toBe('read');
    expect(s.providerMessageIds).toEqual(['5f9a1c2d3e4b5a6f7e8d', '6a0b2d3e4f5c6b7a8f9e']);
    expect(s.externalId).toMatch(/^user_seen_message:1767231000123:8417347285961289123:[0-9a-f]{16}$/);
    expect(one<InboundStatus>('user_seen_message').externalId).toBe(s.externalId);
  });

  it.each(['follow', 'unfollow'])('turns %s into an other event about the follower', (name) => {
    const o = one<InboundOther>(name);
    expect(o).toMatchObject({ type: 'other', event: name, externalId: `${name}:1767231000123:${USER}`, data: { userId: USER, userIdByApp: '979122185046046317' } });
  });

  it('turns an oa_send_text echo into an oa_echo event addressed to the user', () => {
    const o = one<InboundOther>('oa_send_text');
    expect(o).toMatchObject({ event: 'oa_echo', externalId: 'oa_send_text:7b1c2d3e4f5a6b7c8d9e', data: { eventName: 'oa_send_text', msgId: '7b1c2d3e4f5a6b7c8d9e', userId: USER } });
    expect(o.data.text).toContain('dọn xong');
  });

  it('turns user_submit_info into the shared name and phone', () => {
    const o = one<InboundOther>('user_submit_info');
    expect(o).toMatchObject({ event: 'user_submit_info', data: { userId: USER, name: 'Nguyễn Văn An', phone: '84912345678', address: 'Thôn 3' } });
  });

  it('keeps an unknown event as other, with an id from its msg_id', () => {
    expect(one<InboundOther>('unknown_event')).toMatchObject({ type: 'other', event: 'user_reacted_message', externalId: 'user_reacted_message:8c2d3e4f5a6b7c8d9e0f' });
  });

  it('keeps the exact digits of ids that arrive as bare numbers larger than 2^53', () => {
    const m = one<InboundMessage>('bare-number-ids');
    expect(m.from.externalId).toBe(USER);
    expect(m.from.profile).toEqual({ user_id_by_app: '979122185046046317' });
    expect(m.receivedAt).toBe(AT);
  });

  it('rejects a poison payload', () => {
    expect(() => parseZaloWebhook(rawRequest('not json'))).toThrow(ZaloPayloadError);
    expect(() => parseZaloWebhook(rawRequest('{"timestamp":"1767231000123"}'))).toThrow(ZaloPayloadError);
    expect(() => parseZaloWebhook(rawRequest('{"event_name":"user_send_text","timestamp":"1767231000123","message":{"msg_id":"x","text":"a"}}'))).toThrow(/sender/);
  });

  it('drops attachment urls that are not http(s)', () => {
    const body = JSON.stringify({ event_name: 'user_send_image', sender: { id: USER }, timestamp: '1767231000123', message: { msg_id: 'm1', attachments: [{ type: 'image', payload: { url: 'file:///etc/passwd' } }] } });
    expect((parseZaloWebhook(rawRequest(body))[0] as InboundMessage).media).toEqual([]);
  });
});
