/**
 * For rows that come sorted by a key (a query's ORDER BY): the group a row belongs to is the
 * last one if it is the row's, else a new one made by `create` and appended. One pass, no map.
 */
export function lastGroupOr<G>(groups: G[], belongs: (group: G) => boolean, create: () => G): G {
  const last = groups.at(-1);
  if (last && belongs(last)) return last;
  const group = create();
  groups.push(group);
  return group;
}

/** Rows gathered by key, in the rows' order: each key with the values of its rows. */
export function groupBy<T, K, V>(rows: T[], keyOf: (row: T) => K, valueOf: (row: T) => V) {
  const groups = new Map<K, V[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group) group.push(valueOf(row));
    else groups.set(key, [valueOf(row)]);
  }
  return groups;
}
