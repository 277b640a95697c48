/**
 * Canned replies (pure): placeholders {ma_so} (tracking code), {don_vi} (the
 * unit answering) and {xa} (the commune where it happened) are filled per
 * report; any other brace text is left as written.
 */
export const PLACEHOLDERS = ['ma_so', 'don_vi', 'xa'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

export function fillPlaceholders(template: string, values: Readonly<Record<Placeholder, string>>): string {
  return template.normalize('NFC').replace(/\{(ma_so|don_vi|xa)\}/g, (_m, key: Placeholder) => values[key]);
}
