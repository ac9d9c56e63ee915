// Cursor pagination on every /api/v1 list, read from the operation's schemas (pagination.ts says the
// rules): offset-paged operations get an opaque `cursor` and `next_cursor`; operations with a native
// cursor have it passed through under those names.
import { KEYSET_PAGING } from '@shared/contract/pagination';
import type { Operation } from '@shared/contract/define';
import { invalid } from '../../../engine/errors';
import { inputSchema, outputSchema } from './json-schemas';

export type Paging =
  | { kind: 'offset'; items: string }
  | { kind: 'keyset'; input: string; output: string };

const pagingCache = new WeakMap<Operation, Paging | null>();

/** How this operation pages, or null when its answer is not a paged list. */
export function pagingOf(op: Operation): Paging | null {
  if (pagingCache.has(op)) return pagingCache.get(op)!;
  const input = inputSchema(op).properties ?? {};
  const output = outputSchema(op).properties ?? {};
  let paging: Paging | null = null;
  const items = Object.entries(output).find(([, s]) => s.type === 'array')?.[0];
  if ('offset' in input && 'total' in output && items) paging = { kind: 'offset', items };
  else {
    const pair = KEYSET_PAGING.find((p) => p.input in input && p.output in output);
    if (pair) paging = { kind: 'keyset', input: pair.input, output: pair.output };
  }
  pagingCache.set(op, paging);
  return paging;
}

/** The input field a REST caller may not send, because `cursor` stands for it. */
export function hiddenInput(paging: Paging | null): string | null {
  if (!paging) return null;
  if (paging.kind === 'offset') return 'offset';
  return paging.input === 'cursor' ? null : paging.input;
}

const OFFSET_CURSOR = /^o([0-9]{1,12})$/;

export function encodeOffset(offset: number): string {
  return Buffer.from(`o${offset}`).toString('base64url');
}

/** The offset an opaque cursor stands for; a cursor this door did not hand out is refused naming `cursor`. */
export function decodeOffset(cursor: string): number {
  const m = OFFSET_CURSOR.exec(Buffer.from(cursor, 'base64url').toString('latin1'));
  if (!m || encodeOffset(Number(m[1])) !== cursor) throw invalid('cursor', `'${cursor}' is not a cursor this API handed out; pass next_cursor from the previous page, or leave it out for the first page`);
  return Number(m[1]);
}

/** The page's answer with its `next_cursor`. `input` is the call's input after the cursor was applied. */
export function withNextCursor(paging: Paging, input: Record<string, unknown>, result: Record<string, unknown>): Record<string, unknown> {
  if (paging.kind === 'offset') {
    const offset = typeof input.offset === 'number' ? input.offset : 0;
    const shown = Array.isArray(result[paging.items]) ? (result[paging.items] as unknown[]).length : 0;
    const total = typeof result.total === 'number' ? result.total : 0;
    return { ...result, next_cursor: shown > 0 && offset + shown < total ? encodeOffset(offset + shown) : null };
  }
  if (paging.output === 'next_cursor') return result;
  const next = result[paging.output];
  return { ...result, next_cursor: next === null || next === undefined ? null : next };
}
