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
