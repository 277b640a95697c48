import { describe, expect, it } from 'vitest';
import { sanitizeOfficerHtml } from './officer-html.js';

describe('sanitizeOfficerHtml', () => {
  it('keeps the allowlisted formatting', () => {
    expect(sanitizeOfficerHtml('<p><b>Đã</b> <em>xử lý</em></p><ul><li>một</li></ul><br>'))
      .toBe('<p><b>Đã</b> <em>xử lý</em></p><ul><li>một</li></ul><br />');
  });

  it.each([
    ['<script>alert(1)</script><p>ok</p>', '<p>ok</p>'],
    ['<img src=x onerror=alert(1)><p>ok</p>', '<p>ok</p>'],
    ['<p onclick="alert(1)">ok</p>', '<p>ok</p>'],
    ['<a href="javascript:alert(1)">x</a>', '<a>x</a>'],
    ['<a href="JaVaScRiPt:alert(1)">x</a>', '<a>x</a>'],
    ['<a href="data:text/html,<script>alert(1)</script>">x</a>', '<a>x</a>'],
    ['<a href="//evil.example/">x</a>', '<a>x</a>'],
    ['<iframe src="https://evil.example"></iframe><p>ok</p>', '<p>ok</p>'],
    ['<style>p{}</style><p style="color:red">ok</p>', '<p>ok</p>'],
  ])('cleans %j', (dirty, clean) => {
    expect(sanitizeOfficerHtml(dirty)).toBe(clean);
  });

  it('keeps http(s) and mailto links, opened without the opener', () => {
    expect(sanitizeOfficerHtml('<a href="https://trabong.quangngai.gov.vn" onclick="x()">cổng</a>'))
      .toBe('<a href="https://trabong.quangngai.gov.vn" rel="noopener noreferrer nofollow" target="_blank">cổng</a>');
    expect(sanitizeOfficerHtml('<a href="mailto:ubnd@example.vn">thư</a>')).toContain('href="mailto:ubnd@example.vn"');
  });

  it('gives null when nothing survives', () => {
    expect(sanitizeOfficerHtml('<script>alert(1)</script>')).toBeNull();
    expect(sanitizeOfficerHtml(undefined)).toBeNull();
  });
});
