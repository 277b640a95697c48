/**
 * Vietnamese text helpers shared by routing, search and the SMS grammar.
 * Citizens often write without diacritics ("sat lo" for "sạt lở"), so every
 * comparison folds both sides the same way: NFC → NFD, drop combining marks,
 * đ→d, lower case, collapse whitespace.
 */

/** Unicode NFC, the only form we store or measure. */
export function nfc(text: string): string {
  return text.normalize('NFC');
}

/** Remove Vietnamese diacritics, keeping case: "Đường sạt lở" → "Duong sat lo". */
export function unaccent(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .normalize('NFC');
}

/** Case- and diacritic-insensitive key: "  Sạt LỞ  đất " → "sat lo dat". */
export function fold(text: string): string {
  return unaccent(text).toLowerCase().replace(/\s+/g, ' ').trim();
}

/** True when `needle` occurs in `haystack` as whole words, ignoring case and diacritics. */
export function containsWords(haystack: string, needle: string): boolean {
  const h = ` ${fold(haystack).replace(/[^a-z0-9 ]/g, ' ').replace(/\s+/g, ' ')} `;
  const n = fold(needle).replace(/[^a-z0-9 ]/g, ' ').replace(/\s+/g, ' ').trim();
  if (n === '') return false;
  return h.includes(` ${n} `);
}
