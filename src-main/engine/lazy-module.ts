// Loads a package on its first use rather than at start-up. The CLI is one binary whose commands share the
// engine: a one-shot `threatmatic ingest` would otherwise parse and run the module graphs of the
// vulnerability feed readers (CVSS, semver, PEP 440, YAML, CSV, zip) and the XML parser before reading its
// first line, for operations it never calls. Synchronous (require), so the callers stay synchronous.
import { createRequire } from 'node:module';

const requireHere = createRequire(import.meta.url);

/** A getter for package `id` that requires it once, on the first call. */
export function lazyModule<T>(id: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= requireHere(id) as T);
}
