/** Small pieces shared by the settings sections: loading with reload, labels, the form error state. */
import { useCallback, useEffect, useState } from 'react';
import { ApiError, type FieldMessages } from '../../api/client';
import type { UnitKind } from '../../api/settings';
import type { Priority } from '../../api/types';
import { useErrorText } from '../../components/Notice';
import type { I18n } from '../../i18n/i18n';

export interface Loaded<T> { data: T | null; error: string | null; reload(): void }

/** Calls `load` now and on reload(); a failure becomes a message in the UI language. */
export function useLoaded<T>(load: () => Promise<T>): Loaded<T> {
  const errorText = useErrorText();
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    load().then((d) => { if (live) { setData(d); setError(null); } }, (err: unknown) => { if (live) setError(errorText(err)); });
    return () => { live = false; };
  }, [load, tick, errorText]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, reload };
}

/** What a failed save shows: field messages next to their inputs, anything else as one line. */
export interface SaveErrors { fields: FieldMessages; message: string | null }
export const NO_ERRORS: SaveErrors = { fields: {}, message: null };

export function useSaveErrors(): [SaveErrors, (err: unknown) => void, () => void] {
  const errorText = useErrorText();
  const [state, setState] = useState<SaveErrors>(NO_ERRORS);
  const fail = useCallback((err: unknown) => {
    if (err instanceof ApiError && Object.keys(err.fields).length > 0) setState({ fields: err.fields, message: null });
    else setState({ fields: {}, message: errorText(err) });
  }, [errorText]);
  const clear = useCallback(() => setState(NO_ERRORS), []);
  return [state, fail, clear];
}

export const kindLabel = (t: I18n['t'], k: UnitKind) => t(`cfgKind_${k}`);
export const prioLabel = (t: I18n['t'], p: Priority) => t(`cfgPrio_${p}`);

/** Props for an input tied to its field error (aria-invalid, aria-describedby). */
export function fieldProps(id: string, fields: FieldMessages, name: string) {
  return { id, 'aria-invalid': fields[name] ? true : undefined, 'aria-describedby': fields[name] ? `${id}-err` : undefined };
}

/** "— — Xã Trà Phú" for a select: the tree as indented labels. */
export const treeLabel = (u: { depth: number; name: string }) => `${'\u2003'.repeat(u.depth)}${u.name}`;
