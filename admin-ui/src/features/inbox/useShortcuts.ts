/**
 * Inbox keyboard shortcuts: j/k move, Enter opens, / searches, r replies,
 * Esc goes back, ? shows help. Keys typed into a field are left alone (Esc
 * there just leaves the field); modal dialogs handle their own keys.
 */
import { useEffect, useRef } from 'react';

export interface ShortcutActions {
  move(delta: 1 | -1): void;
  open(): void;
  search(): void;
  reply(): void;
  back(): void;
  help(): void;
}

function inField(el: Element | null): boolean {
  return !!el?.closest('input, textarea, select, [contenteditable="true"]');
}

export function useShortcuts(actions: ShortcutActions): void {
  const ref = useRef(actions);
  ref.current = actions;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
      const target = e.target instanceof Element ? e.target : null;
      if (target?.closest('dialog')) return;
      const a = ref.current;
      if (e.key === 'Escape') {
        if (inField(target)) (target as HTMLElement).blur();
        else a.back();
        return;
      }
      if (inField(target)) return;
      // Enter on a link or button already does what it says.
      if (e.key === 'Enter' && target?.closest('a, button')) return;
      const map: Record<string, () => void> = {
        j: () => a.move(1), k: () => a.move(-1), '/': a.search, r: a.reply, '?': a.help,
        Enter: a.open,
      };
      const run = map[e.key];
      if (!run) return;
      e.preventDefault();
      run();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
