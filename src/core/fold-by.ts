/**
 * Folds items into one accumulator per key, in first-seen order: `start` makes a key's accumulator
 * from its first item (a copy: the items are never changed), `add` adds each later one.
 */
export function foldBy<T, A>(
  items: Iterable<T>,
  key: (item: T) => string,
  start: (item: T) => A,
  add: (into: A, item: T) => void,
): Map<string, A> {
  const by = new Map<string, A>();
  for (const item of items) {
    const k = key(item);
    const into = by.get(k);
    if (into === undefined) by.set(k, start(item));
    else add(into, item);
  }
  return by;
}
