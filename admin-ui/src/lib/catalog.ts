/**
 * Reference data (categories, units) shared by the pickers: read once, again
 * after a minute (another administrator may have merged a unit), and at once
 * after this panel changed them (forgetCatalog, called by the settings API).
 */
import { useEffect, useState } from 'react';
import { catalog } from '../api/endpoints';
import type { CategoryItem, UnitItem } from '../api/types';

const FRESH_MS = 60_000;
let categories: Promise<CategoryItem[]> | null = null;
let units: Promise<UnitItem[]> | null = null;
let loadedAt = 0;

export function forgetCatalog(): void {
  categories = null;
  units = null;
}

function fresh(): void {
  if (Date.now() - loadedAt > FRESH_MS) { forgetCatalog(); loadedAt = Date.now(); }
}

function useLoaded<T>(get: () => Promise<T[]>): T[] {
  const [items, setItems] = useState<T[]>([]);
  useEffect(() => {
    let live = true;
    get().then((x) => { if (live) setItems(x); }, () => undefined);
    return () => { live = false; };
  }, [get]);
  return items;
}

const getCategories = () => {
  fresh();
  categories ??= catalog.categories().then((r) => r.items, (err: unknown) => { categories = null; throw err; });
  return categories;
};
const getUnits = () => {
  fresh();
  units ??= catalog.units().then((r) => r.items, (err: unknown) => { units = null; throw err; });
  return units;
};

export const useCategories = () => useLoaded(getCategories);
export const useUnits = () => useLoaded(getUnits);

/** "— — Xã Trà Phú": the tree as indented option labels. */
export function unitLabel(u: UnitItem): string {
  return `${'\u2003'.repeat(u.depth)}${u.name}`;
}
