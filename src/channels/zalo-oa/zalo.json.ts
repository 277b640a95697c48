/**
 * Lossless JSON for Zalo payloads. Zalo ids (app_id, user ids, msg ids,
 * timestamps) exceed 2^53 (CHANNELS.md §0.3). They are documented as JSON
 * strings, but if one ever arrives as a bare number JSON.parse would round it
 * silently; here every integer literal outside a string that is not a safe
 * integer is turned into a string with its exact digits before parsing.
 */
const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const INTEGER = /^-?\d+$/;

/** Rewrites unsafe integer literals as strings; leaves everything else byte-for-byte. */
export function quoteUnsafeIntegers(text: string): string {
  let out = '';
  let copied = 0;
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      i = skipString(text, i + 1);
      continue;
    }
    if (c === 0x2d /* - */ || (c >= 0x30 && c <= 0x39)) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      if (!m) { i++; continue; }
      const token = m[0];
      if (INTEGER.test(token) && !Number.isSafeInteger(Number(token))) {
        out += `${text.slice(copied, i)}"${token}"`;
        copied = i + token.length;
      }
      i += token.length;
      continue;
    }
    i++;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** Index just after the closing quote of a string whose body starts at `i`. */
function skipString(text: string, i: number): number {
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x5c /* \ */) i += 2;
    else if (c === 0x22) return i + 1;
    else i++;
  }
  return i;
}

/** JSON.parse that keeps big integers exact (as strings). Throws SyntaxError like JSON.parse. */
export function parseJsonLossless(text: string): unknown {
  return JSON.parse(quoteUnsafeIntegers(text));
}
