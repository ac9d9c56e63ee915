// The real public data beside the checkout (../shared/data, see its PROVENANCE.md): resolved from this
// file, so the tests find it wherever the checkout is cloned.
import { fileURLToPath } from 'node:url';

export const SHARED_DATA = fileURLToPath(new URL('../../../shared/data', import.meta.url));
