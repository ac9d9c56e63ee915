// The policy tools as the spec declares them: MCP names and descriptions verbatim, input schemas with
// the spec's fields, required lists, enums, defaults and descriptions; the Permission Scopes table;
// annotations (destructive / read-only / idempotent); real outputs parse with the output schemas.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { operations } from '@shared/contract/index';
import { specTool as toolDecl, type SpecSchema } from '../../support/spec';
import { call, openFleet } from './helpers';

type JsonSchema = SpecSchema;

const byTool = Object.fromEntries(Object.values(operations).flatMap((op) => ('mcp' in op && op.mcp ? [[op.mcp.tool, op]] : [])));
const SPEC_TOOLS = ['isolate_device', 'release_device', 'block_destination', 'allow_destination', 'suspend_user', 'create_policy', 'update_policy'];

/**
 * Values we add after the spec's own (issue 11, agent-tool enforcement): AI agents as identities, and
 * require_approval for an agent's tool call. The spec's values stay, in the spec's order, first.
 */
const EXTENDED_ENUMS: Record<string, string[]> = {
  'create_policy.rules[].identity_type': ['agent'], 'create_policy.rules[].action': ['require_approval'],
  'update_policy.rules[].identity_type': ['agent'], 'update_policy.rules[].action': ['require_approval'],
};

/** Every property, enum, default, description and required entry of the spec is in ours, recursively. */
function expectCovers(ours: JsonSchema, theirs: JsonSchema, path: string): void {
  if (theirs.type) expect(ours.type, `${path}.type`).toBe(theirs.type);
  if (theirs.enum) expect(ours.enum, `${path}.enum`).toEqual([...theirs.enum, ...(EXTENDED_ENUMS[path] ?? [])]);
  if (theirs.default !== undefined) expect(ours.default, `${path}.default`).toEqual(theirs.default);
  if (theirs.description) expect(ours.description, `${path}.description`).toBe(theirs.description);
  if (theirs.properties) {
    expect(Object.keys(ours.properties ?? {}).sort(), `${path}.properties`).toEqual(Object.keys(theirs.properties).sort());
    for (const [k, v] of Object.entries(theirs.properties)) expectCovers(ours.properties![k], v, `${path}.${k}`);
  }
  expect([...(ours.required ?? [])].sort(), `${path}.required`).toEqual([...(theirs.required ?? [])].sort());
  if (theirs.items) expectCovers(ours.items!, theirs.items, `${path}[]`);
}

describe('policy tools against the spec', () => {
  it.each(SPEC_TOOLS)('%s: name, description and input schema as the spec declares them', (tool) => {
    const decl = toolDecl(tool);
    const op = byTool[tool];
    expect(op, tool).toBeDefined();
    expect(op.mcp!.description).toBe(decl.description);
    expectCovers(z.toJSONSchema(op.input, { io: 'input' }) as JsonSchema, decl.inputSchema, tool);
  });

  it('scopes follow the Permission Scopes table; annotations say what each tool does', () => {
    const expected: Record<string, [string, boolean, boolean]> = {
      // Undoing containment or widening access is destructive too.
      isolate_device: ['device:isolate', true, false], release_device: ['device:isolate', true, false],
      block_destination: ['destination:block', true, false], allow_destination: ['destination:block', true, false],
      suspend_user: ['user:suspend', true, false], restore_user: ['user:suspend', true, false],
      create_policy: ['policy:write', true, false], update_policy: ['policy:write', true, false],
      list_policies: ['policy:read', false, true], get_policy: ['policy:read', false, true], evaluate_access: ['policy:read', false, true],
    };
    for (const [tool, [scope, destructive, readOnly]] of Object.entries(expected)) {
      const op = byTool[tool];
      expect(op.scope, tool).toBe(scope);
      expect(op.annotations.destructive, tool).toBe(destructive);
      expect(op.annotations.readOnly, tool).toBe(readOnly);
    }
    for (const tool of ['isolate_device', 'release_device', 'block_destination', 'allow_destination', 'suspend_user', 'restore_user', 'update_policy']) expect(byTool[tool].annotations.idempotent, tool).toBe(true);
    expect(byTool.create_policy.annotations.idempotent).toBe(false);
    for (const name of ['enforcement.addEndpoint', 'enforcement.endpoints', 'enforcement.removeEndpoint', 'enforcement.deliveries']) {
      expect(operations[name as keyof typeof operations].scope).toBe('admin');
      expect('mcp' in operations[name as keyof typeof operations] && operations[name as keyof typeof operations].mcp).toBeFalsy();
    }
  });

  it('real results parse with the declared output schemas', () => {
    const { engine } = openFleet();
    try {
      const run = (name: keyof typeof operations, input: unknown) => {
        const out = call(engine, name, input);
        const parsed = operations[name].output.safeParse(out);
        expect(parsed.success, `${name}: ${parsed.success ? '' : JSON.stringify(parsed.error.issues)}`).toBe(true);
        return out;
      };
      run('policy.isolateDevice', { device_id: 'dev_workstation_sarah_k' });
      run('policy.isolateDevice', { device_id: 'dev_workstation_sarah_k' });
      run('policy.releaseDevice', { device_id: 'dev_workstation_sarah_k' });
      run('policy.releaseDevice', { device_id: 'dev_workstation_sarah_k' });
      const b = run('policy.blockDestination', { destination: '*.attacker-domain.ru', expires_at: '2027-01-01T00:00:00Z' });
      run('policy.allowDestination', { destination: 'c2.attacker-domain.ru', scope_id: 'tom.b@acmecorp.com' });
      run('policy.suspendUser', { user_id: 'tom.b@acmecorp.com' });
      run('policy.restoreUser', { user_id: 'tom.b@acmecorp.com' });
      const p = run('policy.create', { name: 'p', rules: [{ identity_type: 'app', identity_id: 'zoom', action: 'monitor' }] });
      run('policy.update', { policy_id: p.policy_id, enabled: false });
      run('policy.list', {});
      run('policy.get', { policy_id: b.policy_id });
      run('policy.evaluateAccess', { identity_type: 'device', identity_id: 'dev_workstation_sarah_k', destination: 'x.attacker-domain.ru', port: 443 });
      run('enforcement.endpoints', {});
      run('enforcement.deliveries', {});
    } finally {
      engine.close();
    }
  });
});
