/** The units a leader may address (GET /api/units, in scope, with an SMS code), with loading and error states. */
import { useCallback, useEffect, useState } from 'react';
import { catalog } from '../../api/endpoints';
import type { UnitItem } from '../../api/types';

export interface ScopeUnits { units: UnitItem[] | null; error: unknown; reload(): void }

export function useScopeUnits(): ScopeUnits {
  const [state, setState] = useState<{ units: UnitItem[] | null; error: unknown }>({ units: null, error: null });
  const load = useCallback(() => {
    let live = true;
    setState({ units: null, error: null });
    catalog.units().then(
      (r) => { if (live) setState({ units: r.items.filter((u) => u.inScope && u.smsCode), error: null }); },
      (error: unknown) => { if (live) setState({ units: null, error }); },
    );
    return () => { live = false; };
  }, []);
  const [round, setRound] = useState(0);
  useEffect(load, [load, round]);
  return { ...state, reload: () => setRound((n) => n + 1) };
}

/** Lower case without diacritics (đ → d), for searching names as people type them. */
export function fold(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'd').toLowerCase();
}
