import { describe, expect, it } from 'vitest';
import { parseSms, SMS_HELP_TEXT, SMS_SYNTAX_HINTS, type ParsedSms } from './sms-grammar.js';
import { smsSegments } from './sms-text.js';

const report = (unitCode: string, text: string): ParsedSms => ({ kind: 'new_report', unitCode, text });
const err = (command: 'PA' | 'TC' | 'DK', variant: keyof typeof SMS_SYNTAX_HINTS = command): ParsedSms => ({
  kind: 'syntax_error',
  command,
  ...SMS_SYNTAX_HINTS[variant],
});

describe('parseSms', () => {
  it.each<[string, ParsedSms]>([
    // PA <code> <text>: code folded + upper-cased, text kept with its diacritics
    ['PA TRAPHU Đường bị sạt lở', report('TRAPHU', 'Đường bị sạt lở')],
    ['pa traphu Đường bị sạt lở', report('TRAPHU', 'Đường bị sạt lở')],
    ['Pa HuongTra cây đổ', report('HUONGTRA', 'cây đổ')],
    ['PA. TRAPHU, Đèn đường hỏng!', report('TRAPHU', 'Đèn đường hỏng!')],
    ['PA,TRAPHU: ngập nước', report('TRAPHU', 'ngập nước')],
    ['  ...PA   TRAPHU   Rác   thải  ', report('TRAPHU', 'Rác   thải')],
    ['PA TRÀPHÚ ổ gà', report('TRAPHU', 'ổ gà')],
    ['PA XA12 ổ gà 🙏', report('XA12', 'ổ gà 🙏')],
    ['PA TRAPHU Dòng 1\nDòng 2', report('TRAPHU', 'Dòng 1\nDòng 2')],
    ['PA\u0323 TRAPHU x', report('TRAPHU', 'x')], // "PẠ" typed with a stray tone mark is still PA
    // documented: the first word after PA is always the unit code, validated by the caller
    ['PA Đường bị sạt lở', report('DUONG', 'bị sạt lở')],
    ['PA TRAPHU Cafe\u0301', report('TRAPHU', 'Café')], // NFD text comes back NFC
    // TC <9 digits>
    ['TC 123456789', { kind: 'status', code: '123456789' }],
    ['tc 123-456-789', { kind: 'status', code: '123456789' }],
    ['TC. 123.456.789', { kind: 'status', code: '123456789' }],
    ['TC 123 456 789 ', { kind: 'status', code: '123456789' }],
    ['TC #123456789', { kind: 'status', code: '123456789' }],
    ['TC123456789', { kind: 'status', code: '123456789' }],
    ['Tc: 012345678', { kind: 'status', code: '012345678' }],
    // DK <code>
    ['DK TRAPHU', { kind: 'subscribe', unitCode: 'TRAPHU' }],
    ['dk huongtra.', { kind: 'subscribe', unitCode: 'HUONGTRA' }],
    ['ĐK TRAPHU', { kind: 'subscribe', unitCode: 'TRAPHU' }],
    ['Dk, Trà_Phú', { kind: 'subscribe', unitCode: 'TRAPHU' }],
    // HUY
    ['HUY', { kind: 'unsubscribe' }],
    ['huy', { kind: 'unsubscribe' }],
    ['HỦY', { kind: 'unsubscribe' }],
    ['Huỷ.', { kind: 'unsubscribe' }],
    [' hủy! ', { kind: 'unsubscribe' }],
    ['HUY DK', { kind: 'unsubscribe' }],
    ['HUY TRAPHU', { kind: 'unsubscribe', unitCode: 'TRAPHU' }],
    ['HUY DK TRAPHU', { kind: 'unsubscribe', unitCode: 'TRAPHU' }],
    ['Hủy bỏ quyết định thu phí', { kind: 'free_text', text: 'Hủy bỏ quyết định thu phí' }],
    // ratings
    ['5', { kind: 'rating', score: 5 }],
    [' 1. ', { kind: 'rating', score: 1 }],
    ['3!', { kind: 'rating', score: 3 }],
    ['0', { kind: 'free_text', text: '0' }],
    ['6', { kind: 'free_text', text: '6' }],
    ['55', { kind: 'free_text', text: '55' }],
    // free text
    ['Đường bị sạt lở ở thôn 3', { kind: 'free_text', text: 'Đường bị sạt lở ở thôn 3' }],
    ['PATRAPHU ngập', { kind: 'free_text', text: 'PATRAPHU ngập' }],
    ['Pháp luật', { kind: 'free_text', text: 'Pháp luật' }],
    ['Tôi muốn DK', { kind: 'free_text', text: 'Tôi muốn DK' }],
    ['  ', { kind: 'free_text', text: '' }],
    ['???', { kind: 'free_text', text: '???' }],
    ['...Đường hỏng', { kind: 'free_text', text: '...Đường hỏng' }],
    // syntax errors
    ['PA', err('PA')],
    ['pa.', err('PA')],
    ['PA @#!', err('PA')],
    ['PA TRAPHU', err('PA', 'PA_NO_TEXT')],
    ['PA TRAPHU ...', err('PA', 'PA_NO_TEXT')],
    ['TC', err('TC')],
    ['TC 12345678', err('TC')],
    ['TC 1234567890', err('TC')],
    ['TC abc', err('TC')],
    ['DK', err('DK')],
    ['DK TRA PHU', err('DK')],
    ['DK !!', err('DK')],
  ])('%j', (input, expected) => {
    expect(parseSms(input)).toEqual(expected);
  });
});

describe('SMS replies', () => {
  const texts = [SMS_HELP_TEXT, ...Object.values(SMS_SYNTAX_HINTS).flatMap((h) => [h.hint_vi, h.hint_en])];

  it.each(texts)('%j is one unaccented GSM-7 SMS', (text) => {
    expect(smsSegments(text)).toMatchObject({ encoding: 'GSM-7', segments: 1 });
    expect(text).toMatch(/^[\x20-\x7E]+$/); // plain ASCII: no diacritics at all
  });

  it('the PA hint shows the documented example', () => {
    expect(SMS_SYNTAX_HINTS.PA.hint_vi).toBe(
      'Sai cu phap. Soan: PA <ma xa> <noi dung>, vi du: PA TRAPHU Duong bi sat lo',
    );
  });

  it('the help text lists every command', () => {
    for (const k of ['PA', 'TC', 'DK', 'HUY', '1-5']) expect(SMS_HELP_TEXT).toContain(k);
  });
});
