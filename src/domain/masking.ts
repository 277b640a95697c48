/**
 * Masking a reporter's name for officers who have not revealed it (DESIGN.md
 * invariant 6): each word keeps its first letter, "Nguyễn Văn Bình" →
 * "N*** V*** B***". Fixed-width stars so the length of the name leaks nothing.
 */
export function maskName(name: string | null | undefined): string | null {
  const words = (name ?? '').normalize('NFC').trim().split(/\s+/u).filter(Boolean);
  if (words.length === 0) return null;
  return words.map((w) => `${Array.from(w)[0] ?? ''}***`).join(' ');
}
