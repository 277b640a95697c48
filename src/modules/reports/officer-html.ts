/**
 * Officer replies may carry light formatting (DESIGN.md invariant 7). It goes
 * through sanitize-html with a small allowlist; links keep only http, https and
 * mailto targets and open without handing over the panel (rel=noopener).
 * Citizen text is never passed through here: it is stored and returned as text.
 */
import sanitizeHtml from 'sanitize-html';

const SAFE_HREF = /^(https?:\/\/|mailto:)/i;

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ['b', 'i', 'em', 'strong', 'p', 'br', 'ul', 'ol', 'li', 'a'],
  allowedAttributes: { a: ['href', 'rel', 'target'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    a: (tagName, attribs) => {
      // The scheme is checked here too (sanitize-html checks it again after this transform).
      const href = attribs.href?.trim();
      const safe: sanitizeHtml.Attributes = href && SAFE_HREF.test(href)
        ? { href, rel: 'noopener noreferrer nofollow', target: '_blank' } : {};
      return { tagName, attribs: safe };
    },
  },
};

/** Allowlisted HTML, or null when nothing of it survives. */
export function sanitizeOfficerHtml(html: string | null | undefined): string | null {
  if (!html) return null;
  const clean = sanitizeHtml(html.normalize('NFC'), OPTIONS).trim();
  return clean === '' ? null : clean;
}
