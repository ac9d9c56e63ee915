// The operation table is the public interface of every door: its invariants are checked here.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { operations, operationNames } from '@shared/contract/index';
import { SCOPES } from '@shared/domain/enums';
import { handlers } from '../../src-main/engine/handlers';

describe('operation table', () => {
  it('keys every operation by its own domain.verb name, with a handler each', () => {
    for (const [key, op] of Object.entries(operations)) {
      expect(op.name).toBe(key);
      expect(key).toMatch(/^[a-z]+\.[a-zA-Z]+$/);
      expect(typeof (handlers as Record<string, unknown>)[key]).toBe('function');
    }
    expect(Object.keys(handlers).sort()).toEqual([...operationNames].sort());
  });

  it('gives every operation a description, a known scope, object schemas and coherent annotations', () => {
    for (const op of Object.values(operations)) {
      expect(op.description.length).toBeGreaterThan(10);
      expect(SCOPES).toContain(op.scope);
      expect(op.input).toBeInstanceOf(z.ZodObject);
      expect(op.output).toBeInstanceOf(z.ZodObject);
      if (op.annotations.readOnly) expect(op.annotations.destructive).toBe(false);
      if (!op.annotations.readOnly) expect(op.scope).not.toBe('read');
    }
  });

  it('declares every MCP tool that changes what is allowed or contained, and annotates each destructive', () => {
    const changing = Object.values(operations).filter((op) => 'changesAccess' in op && op.changesAccess);
    for (const op of changing) expect(op.annotations.destructive, op.name).toBe(true);
    // A tool that says it is destructive must never run unheld for a key that needs approval.
    for (const op of Object.values(operations)) if ('mcp' in op && op.mcp && op.annotations.destructive) expect('changesAccess' in op && op.changesAccess, op.name).toBeTruthy();
    const tools = changing.flatMap((op) => ('mcp' in op && op.mcp ? [op.mcp.tool] : [])).sort();
    expect(tools).toEqual(['allow_destination', 'block_destination', 'close_incident', 'create_policy', 'isolate_device', 'release_device', 'restore_user', 'set_management_path', 'suspend_user', 'update_policy']);
  });

  it('names MCP tools uniquely, as verbs in snake_case', () => {
    const tools = Object.values(operations).flatMap((op) => ('mcp' in op && op.mcp ? [op.mcp.tool] : []));
    expect(new Set(tools).size).toBe(tools.length);
    for (const t of tools) expect(t).toMatch(/^[a-z]+(_[a-z]+)+$/);
    expect(tools).toContain('get_threat_context');
  });

  it('keeps the spec description of get_threat_context verbatim', () => {
    expect(operations['intel.lookup'].mcp?.description).toBe('Get live threat intelligence context for an IP, domain, or hash.');
  });
});
