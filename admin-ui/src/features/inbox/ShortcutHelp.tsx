/** The '?' popover listing the inbox's keyboard shortcuts. */
import { useEffect, useRef } from 'react';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';

const KEYS: [string, MessageKey][] = [
  ['j', 'keyNext'], ['k', 'keyPrev'], ['Enter', 'keyOpen'], ['/', 'keySearch'], ['r', 'keyReply'], ['Esc', 'keyBack'], ['?', 'keyHelp'],
];

export function ShortcutHelp({ open, onToggle }: { open: boolean; onToggle(open: boolean): void }) {
  const { t } = useI18n();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return undefined;
    const outside = (e: PointerEvent) => { if (!box.current?.contains(e.target as Node)) onToggle(false); };
    document.addEventListener('pointerdown', outside);
    return () => document.removeEventListener('pointerdown', outside);
  }, [open, onToggle]);
  return (
    <div className="help" ref={box}>
      <button type="button" className="btn help-button" aria-expanded={open} aria-controls="shortcut-help"
        aria-label={t('help')} title={t('help')} onClick={() => onToggle(!open)}>?</button>
      {open && (
        <div id="shortcut-help" className="popover" role="dialog" aria-label={t('keysTitle')}>
          <h2>{t('keysTitle')}</h2>
          <dl className="keys">
            {KEYS.map(([k, label]) => (
              <div key={k}><dt><kbd>{k}</kbd></dt><dd>{t(label)}</dd></div>
            ))}
          </dl>
        </div>
      )}
    </div>
  );
}
