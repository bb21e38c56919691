export { importVpcs, schemaRefFrom, PACKAGE_SCHEMA_PATH, type ImportInput, type ImportResult } from './import-vpcs.js';
export { selectLiveVpcs, type ImportSelection } from './select.js';
export { toImported, renderImportYaml, type ImportedVpc } from './render-yaml.js';
export { assignKeys, slugify } from './addresses.js';
export { importTarget, type ImportTargetFlags } from './target.js';
