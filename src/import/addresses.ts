/**
 * Readable, unique keys for imported VPCs (`vpcs.<key>`), derived from their names. Pure.
 *
 * A key is lower-case letters, digits and `_`, starting with a letter, at most 64 characters: it
 * reads well in plans (`vpcs.web_tier`) and needs no quoting in YAML. Names collide after slugging
 * (`Web-Tier` and `web.tier`), and the API allows blank names, so collisions take `_2`, `_3`… in the
 * order given, and a blank name falls back to `vpc_<first 8 of the id>`.
 */
export const MAX_KEY_LENGTH = 64;

export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (slug === '') return '';
  const startsWithLetter = /^[a-z]/.test(slug) ? slug : `vpc_${slug}`;
  return startsWithLetter.slice(0, MAX_KEY_LENGTH).replace(/_+$/, '');
}

export interface Named {
  id: string;
  name: string;
}

/** One key per VPC, in input order; never two alike. */
export function assignKeys(vpcs: readonly Named[]): string[] {
  const taken = new Set<string>();
  return vpcs.map((vpc) => {
    const base = slugify(vpc.name) || slugify(`vpc_${vpc.id.slice(0, 8)}`) || 'vpc';
    let key = base;
    for (let n = 2; taken.has(key); n += 1) {
      const suffix = `_${n}`;
      key = `${base.slice(0, MAX_KEY_LENGTH - suffix.length)}${suffix}`;
    }
    taken.add(key);
    return key;
  });
}
