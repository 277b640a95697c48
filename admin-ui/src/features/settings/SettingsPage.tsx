/**
 * The administrator's settings: units, categories, routing rules, deadline
 * policies and the working calendar, one section at a time (/admin/settings/<section>).
 */
import type { MouseEvent } from 'react';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { navigate, pathOf } from '../../lib/router';
import { CalendarSection } from './CalendarSection';
import { CategoriesSection } from './CategoriesSection';
import { RulesSection } from './RulesSection';
import { SlaSection } from './SlaSection';
import { UnitsSection } from './UnitsSection';
import '../../styles/settings.css';

const SECTIONS: { id: string; label: MessageKey }[] = [
  { id: 'units', label: 'cfgTabUnits' },
  { id: 'categories', label: 'cfgTabCategories' },
  { id: 'routing', label: 'cfgTabRouting' },
  { id: 'sla', label: 'cfgTabSla' },
  { id: 'calendar', label: 'cfgTabCalendar' },
];

export function SettingsPage({ section }: { section: string | null }) {
  const { t } = useI18n();
  const current = SECTIONS.find((s) => s.id === section)?.id ?? 'units';
  const go = (e: MouseEvent<HTMLAnchorElement>, id: string) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate({ name: 'settings', section: id });
  };
  return (
    <div className="page settings-page">
      <h1>{t('cfgTitle')}</h1>
      <nav className="settings-tabs" aria-label={t('cfgSections')}>
        {SECTIONS.map((s) => (
          <a key={s.id} href={pathOf({ name: 'settings', section: s.id })} aria-current={s.id === current ? 'page' : undefined}
            onClick={(e) => go(e, s.id)}>{t(s.label)}</a>
        ))}
      </nav>
      <section className="settings-body" aria-label={t(SECTIONS.find((s) => s.id === current)!.label)}>
        {current === 'units' && <UnitsSection />}
        {current === 'categories' && <CategoriesSection />}
        {current === 'routing' && <RulesSection />}
        {current === 'sla' && <SlaSection />}
        {current === 'calendar' && <CalendarSection />}
      </section>
    </div>
  );
}
