/** How drift renderers show a field value: short, unambiguous, one line. */
export function formatDriftValue(value: unknown): string {
  if (value === null || value === undefined) return '(not set)';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return 'no routes';
    return value.map((item) => (isRoute(item) ? `${item.destination} -> ${item.nexthop}` : JSON.stringify(item))).join(', ');
  }
  return JSON.stringify(value);
}

function isRoute(item: unknown): item is { destination: string; nexthop: string } {
  return typeof item === 'object' && item !== null && 'destination' in item && 'nexthop' in item;
}
