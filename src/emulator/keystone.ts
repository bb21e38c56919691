import { createHash } from 'node:crypto';

/**
 * What IAM tells a keystone client besides the token: the version documents of `GET /` and `GET /v3`
 * and the service catalog of a token. Every URL is the emulator's own base URL, so a client that
 * follows the catalog (openstacksdk, gophertelekomcloud, OTC extensions) stays on the emulator.
 * SPEC.md ("IAM") gives the source of each field.
 */

/** The one version IAM announces, as both IAM docs show it (OTC IAM "Querying Keystone API Version Information", HWC `iam_15_0003`). */
export function keystoneV3(baseUrl: string): Record<string, unknown> {
  return {
    'media-types': [{ type: 'application/vnd.openstack.identity-v3+json', base: 'application/json' }],
    links: [{ rel: 'self', href: `${baseUrl}/v3/` }],
    id: 'v3.6',
    updated: '2016-04-04T00:00:00Z',
    status: 'stable',
  };
}

/** OTC projects are named after their region, sub-projects `region_name` (`eu-de`, `eu-de_sub`). */
export function regionOf(projectName: string): string {
  const cut = projectName.indexOf('_');
  return cut < 0 ? projectName : projectName.slice(0, cut);
}

/** A stable 32-hex id (service and endpoint ids are opaque to clients, but should not change between tokens). */
function stableId(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 32);
}

export interface CatalogEndpoint {
  url: string;
  region: string;
  region_id: string;
  interface: 'public';
  id: string;
}

export interface CatalogEntry {
  type: string;
  id: string;
  name: string;
  endpoints: CatalogEndpoint[];
}

/**
 * `token.catalog`. Fields as the IAM token page documents them (type, id, name; endpoints with url,
 * region, region_id, interface `public`, id). Which services:
 * - `identity` / `iam`, region `*`: the page's own example;
 * - `network`: gophertelekomcloud (OTC-tf) finds the VPC v1 and v2.0 APIs under this type and adds the
 *   version itself, so the URL is versionless;
 * - `vpc`: the OTC extensions of openstacksdk look the VPC service up under this type and keep only
 *   scheme and host.
 */
export function serviceCatalog(baseUrl: string, projectName: string): CatalogEntry[] {
  const region = regionOf(projectName);
  const entry = (type: string, name: string, url: string, endpointRegion: string): CatalogEntry => ({
    type,
    id: stableId('service', type),
    name,
    endpoints: [{ url, region: endpointRegion, region_id: endpointRegion, interface: 'public', id: stableId('endpoint', type, endpointRegion) }],
  });
  return [entry('identity', 'iam', `${baseUrl}/v3`, '*'), entry('network', 'neutron', baseUrl, region), entry('vpc', 'vpc', baseUrl, region)];
}
