// Policy ids: `pol_` + ULID for policies people create; readable slugs for the ones the action tools
// make (pol_block_185_234_0_0_16, pol_isolate_dev_workstation_sarah_k), found again by their natural
// key so repeating an action finds the same policy.
import { createHash } from 'node:crypto';
import { prefixedId } from '../util/ulid';
import type { PolicyStore } from './policy-store';

const MAX_SLUG = 60;

function slug(text: string): string {
  const s = text.toLowerCase().replace(/^\*\./, 'any_').replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  return s.slice(0, MAX_SLUG).replace(/_+$/, '') || 'x';
}

export const customPolicyId = (now: number) => prefixedId('pol', now);

/**
 * The id of a new system-made policy: the slug, or the slug and a short hash of the natural key when
 * another policy already holds that slug (two destinations can share one, e.g. a-b.com and a_b.com).
 */
export function systemPolicyId(store: PolicyStore, parts: readonly string[], naturalKey: string): string {
  const base = `pol_${parts.map(slug).join('_')}`;
  if (!store.get(base)) return base;
  return `${base}_${createHash('sha256').update(naturalKey).digest('hex').slice(0, 8)}`;
}
