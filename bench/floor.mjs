// The fewest API calls a run needs, from the routes it used: one per distinct request, except where the procedure
// itself needs several (two volumes to delete; each wait needs at least one read when ready and one read after
// deletion). Anything above this is polling while waiting, retries or redundant listing. Shared by the benches.
export const MIN_PER_ROUTE = {
  'block-storage DELETE /volumes/{id}': 2,
  'block-storage GET /volumes/{id}': 4,
  'block-storage GET /backups/{id}': 2,
  'compute GET /servers/{id}': 2,
};

export function floorOf(byRoute) {
  return Object.keys(byRoute).reduce((n, r) => n + (MIN_PER_ROUTE[r] ?? 1), 0);
}
