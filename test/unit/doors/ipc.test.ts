// The IPC door under plain Node: one channel, sender-frame check, contract validation, errors without internals.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { IPC_CHANNEL, type OpReply } from '@shared/contract/door-reply';
import { operations } from '@shared/contract/index';
import { registerIpcDoor, type IpcInvokeEventLike, type IpcMainLike } from '../../../src-main/doors/ipc';
import { Engine } from '../../../src-main/engine/engine';
import { allowErrorLogs, testLogger } from '../../support/test-logger';
import { FIXTURE_DEVICES, seedFixtureInventory } from '../../integration/http-fixtures';

type Listener = (event: IpcInvokeEventLike, ...args: unknown[]) => unknown;

class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Listener>();
  handle(channel: string, listener: Listener): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  async invoke(url: string | null, ...args: unknown[]): Promise<OpReply> {
    const h = this.handlers.get(IPC_CHANNEL);
    if (!h) throw new Error('no handler');
    return (await h({ senderFrame: url === null ? null : { url } }, ...args)) as OpReply;
  }
}

const APP = 'app://threatmatic/index.html';
let engine: Engine;

function setup() {
  engine = Engine.open({ dbPath: ':memory:', log: testLogger });
  seedFixtureInventory(engine);
  const ipc = new FakeIpcMain();
  const unregister = registerIpcDoor(ipc, engine, { isAppUrl: (u) => u.startsWith('app://threatmatic/'), actor: { type: 'analyst', id: 'tester' } });
  return { ipc, unregister };
}

afterEach(() => engine?.close());

describe('IPC door', () => {
  it('registers exactly one channel and removes it again', () => {
    const { ipc, unregister } = setup();
    expect([...ipc.handlers.keys()]).toEqual(['threatmatic:op']);
    unregister();
    expect(ipc.handlers.size).toBe(0);
  });

  it('answers an operation from the app frame with the contract output', async () => {
    const { ipc } = setup();
    const reply = await ipc.invoke(APP, 'inventory.listDevices', { trust_level: 'untrusted' });
    expect(reply.ok).toBe(true);
    if (!reply.ok) return;
    const out = operations['inventory.listDevices'].output.parse(reply.result);
    const expected = FIXTURE_DEVICES.filter((d) => d.trust_level === 'untrusted').map((d) => d.device_id).sort();
    expect(out.devices.map((d) => d.device_id).sort()).toEqual(expected);
    expect(out.total).toBe(expected.length);
    const stats = await ipc.invoke(APP, 'system.stats', {});
    expect(stats.ok && operations['system.stats'].output.parse(stats.result).devices).toBe(FIXTURE_DEVICES.length);
  });

  it('refuses calls from any other frame, or from no frame', async () => {
    const { ipc } = setup();
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://other/index.html', '']) {
      const reply = await ipc.invoke(url, 'system.stats', {});
      expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(await ipc.invoke(null, 'system.stats', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const refused = engine.db.prepare("SELECT action, outcome, params FROM audit_log WHERE outcome = 'denied'").all() as { action: string; outcome: string; params: string }[];
    expect(refused.map((r) => [r.action, JSON.parse(r.params).sender_frame])).toEqual([
      ['system.stats', 'https://evil.example/'], ['system.stats', 'file:///etc/passwd'], ['system.stats', 'app://other/index.html'], ['system.stats', ''], ['system.stats', null],
    ]);
  });

  it('validates input with the contract and names the bad field', async () => {
    const { ipc } = setup();
    const reply = await ipc.invoke(APP, 'inventory.listDevices', { limit: 0 });
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'limit' } });
    const badEnum = await ipc.invoke(APP, 'inventory.listDevices', { device_type: 'toaster' });
    expect(badEnum).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'device_type' } });
    if (!badEnum.ok) expect(badEnum.error.message).toContain('device_type');
  });

  it('reports unknown operations and non-string names', async () => {
    const { ipc } = setup();
    expect(await ipc.invoke(APP, 'system.selfDestruct', {})).toMatchObject({ ok: false, error: { code: 'not_found', field: 'operation' } });
    expect(await ipc.invoke(APP, 42, {})).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'operation' } });
  });

  it('turns an unexpected engine failure into a bare internal error, without its message or stack', async () => {
    // The failure is provoked: it goes to the local log (which the test logger checks), never to the caller.
    allowErrorLogs(/^operation failed .*"op":"inventory.listUsers"/);
    const { ipc } = setup();
    vi.spyOn(engine.inventory, 'listUsers').mockImplementation(() => {
      throw new Error('SQLITE_CORRUPT at /home/secret/threatmatic.db');
    });
    const reply = await ipc.invoke(APP, 'inventory.listUsers', {});
    expect(reply).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(reply)).not.toMatch(/SQLITE|secret|at /);
  });
});
