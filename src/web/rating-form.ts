/**
 * The rating box of the public lookup page (/tra-cuu/<code>): once the report
 * is answered, five buttons post a score (1–5) to /tra-cuu/<code>/danh-gia —
 * a plain form, no script. A score of 1–2 reopens the report for review.
 */
import { html, type Raw } from './html.js';
import type { Lang } from './i18n.js';

export type RatingNotice = 'thanks' | 'reopened' | 'refused' | null;

export interface RatingView {
  code: string;
  canRate: boolean;
  rating: { score: number; at: string } | null;
}

const TEXT = {
  vi: {
    title: 'Bạn có hài lòng với câu trả lời?', legend: '1 = rất không hài lòng · 5 = rất hài lòng',
    given: 'Bạn đã đánh giá', thanks: 'Cảm ơn bạn đã đánh giá.', refused: 'Phản ánh này hiện không thể đánh giá (đã đánh giá hoặc chưa có trả lời).',
    reopened: 'Cảm ơn bạn. Phản ánh đã được mở lại để lãnh đạo đơn vị xem xét.', button: 'Đánh giá {n} trên 5',
  },
  en: {
    title: 'Are you satisfied with the answer?', legend: '1 = very dissatisfied · 5 = very satisfied',
    given: 'You rated', thanks: 'Thank you for your rating.', refused: 'This report cannot be rated now (already rated, or not answered yet).',
    reopened: 'Thank you. The report has been reopened for review by the unit\'s leader.', button: 'Rate {n} out of 5',
  },
};

export function ratingNoticeOf(v: unknown): RatingNotice {
  return v === 'cam-on' ? 'thanks' : v === 'mo-lai' ? 'reopened' : v === 'khong' ? 'refused' : null;
}

export function ratingSection(lang: Lang, r: RatingView, notice: RatingNotice): Raw | string {
  const x = TEXT[lang];
  const flash = notice ? html`<p role="status" class="${notice === 'refused' ? 'err' : 'muted'}">${x[notice]}</p>` : '';
  if (r.canRate) {
    const buttons = [1, 2, 3, 4, 5].map((n) => html`<button type="submit" name="score" value="${n}" aria-label="${x.button.replace('{n}', String(n))}">${n}</button>`);
    return html`<section class="rating"><h2>${x.title}</h2>${flash}
<form method="post" action="/tra-cuu/${r.code}/danh-gia?lang=${lang}">${buttons}</form><p class="muted">${x.legend}</p></section>`;
  }
  if (r.rating) return html`<section class="rating">${flash}<p>${x.given}: <span class="given">${r.rating.score}/5</span></p></section>`;
  return flash ? html`<section class="rating">${flash}</section>` : '';
}
