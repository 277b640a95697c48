/** Reference data (categories, units) fetched once per page load and shared. */
import { useEffect, useState } from 'react';
import { catalog } from '../api/endpoints';
import type { CategoryItem, UnitItem } from '../api/types';

let categories: Promise<CategoryItem[]> | null = null;
let units: Promise<UnitItem[]> | null = null;

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
  categories ??= catalog.categories().then((r) => r.items, (err: unknown) => { categories = null; throw err; });
  return categories;
};
const getUnits = () => {
  units ??= catalog.units().then((r) => r.items, (err: unknown) => { units = null; throw err; });
  return units;
};

export const useCategories = () => useLoaded(getCategories);
export const useUnits = () => useLoaded(getUnits);

/** "— — Xã Trà Phú": the tree as indented option labels. */
export function unitLabel(u: UnitItem): string {
  return `${'\u2003'.repeat(u.depth)}${u.name}`;
}
