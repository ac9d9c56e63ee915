// `policy export --format nftables`: a ruleset in its own table with interval sets of blocked IPv4 and
// IPv6 addresses and CIDRs (covered elements merged away), quarantine rules by device address allowing
// only management addresses, allow exceptions before blocks, and what nftables cannot express (names,
// apps, require_mfa, monitor) as comments. Checked with `nft -c -f` where nft is installed.
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../ingest/helpers';
import { call, openFleet } from './helpers';

const { engine } = openFleet();
afterAll(() => engine.close());
call(engine, 'policy.blockDestination', { destination: '185.234.0.0/16' });
call(engine, 'policy.blockDestination', { destination: '185.234.47.21' }); // inside the /16
call(engine, 'policy.blockDestination', { destination: '203.0.113.9' });
call(engine, 'policy.blockDestination', { destination: '2001:db8:bad::/48' });
call(engine, 'policy.blockDestination', { destination: '*.attacker-domain.ru' });
call(engine, 'policy.blockDestination', { destination: '198.51.100.0/24', scope: 'device', scope_id: 'dev_workstation_tom_b' });
call(engine, 'policy.allowDestination', { destination: '203.0.113.9', scope_id: 'dev_workstation_tom_b' });
engine.policy.setManagementPath({ scope: 'device', scope_id: 'dev_camera_floor3_east', destinations: ['10.0.2.5', 'mgmt.axis-cloud.com'], clear: false }, { type: 'analyst', id: 'ana' });
call(engine, 'policy.isolateDevice', { device_id: 'dev_camera_floor3_east' });
call(engine, 'policy.suspendUser', { user_id: 'sarah.k@acmecorp.com' });
call(engine, 'policy.create', { name: 'watch', rules: [{ action: 'monitor', destination: '192.0.2.0/24' }, { identity_type: 'app', identity_id: 'zoom', action: 'block' }] });
const ruleset = engine.policy.exportNftables();
const lines = ruleset.split('\n');
const at = (needle: string) => lines.findIndex((l) => l.includes(needle));

describe('nftables export', () => {
  it('replaces only its own table, with interval sets of the fleet blocks', () => {
    expect(lines[0]).toBe('#!/usr/sbin/nft -f');
    expect(ruleset).toContain('table inet threatmatic\ndelete table inet threatmatic\ntable inet threatmatic {');
    expect(ruleset).toMatch(/set blocked_v4 \{\n\s+type ipv4_addr\n\s+flags interval\n\s+auto-merge\n\s+elements = \{ 185\.234\.0\.0\/16, 203\.0\.113\.9 \}/);
    expect(ruleset).toMatch(/set blocked_v6 \{\n\s+type ipv6_addr\n\s+flags interval\n\s+auto-merge\n\s+elements = \{ 2001:db8:bad::\/48 \}/);
    expect(ruleset).toContain('#   block 185.234.47.21: inside a broader blocked range, merged into it');
    expect(ruleset).toContain('type filter hook forward priority 0; policy accept;');
  });

  it('quarantines by device address: management addresses first, then everything else dropped', () => {
    const accept = at('ip saddr 10.0.2.30 ip daddr 10.0.2.5 accept');
    const drop = at('ip saddr 10.0.2.30 drop');
    expect(accept).toBeGreaterThan(0);
    expect(lines[accept + 1]).toContain('ip saddr 10.0.2.5 ip daddr 10.0.2.30 accept');
    expect(drop).toBeGreaterThan(accept);
    expect(lines[drop + 1]).toContain('ip daddr 10.0.2.30 drop');
    expect(ruleset).toContain('includes mgmt.axis-cloud.com: a name, not expressible');
  });

  it('puts allow exceptions before blocks, scoped blocks and suspensions by device address', () => {
    const allow = at('ip saddr 10.0.1.21 ip daddr 203.0.113.9 accept');
    const scoped = at('ip saddr 10.0.1.21 ip daddr 198.51.100.0/24 drop');
    const suspended = at('ip saddr 10.0.1.20 drop comment "pol_suspend_sarah_k_acmecorp_com');
    const fleet = at('ip daddr @blocked_v4 drop');
    expect(allow).toBeGreaterThan(at('ip daddr 10.0.2.30 drop'));
    expect(scoped).toBeGreaterThan(allow);
    expect(suspended).toBeGreaterThan(allow);
    expect(fleet).toBeGreaterThan(Math.max(scoped, suspended));
    expect(lines[fleet + 1]).toContain('ip saddr @blocked_v4 drop');
  });

  it('lists what nftables cannot express as comments', () => {
    expect(ruleset).toContain('#   block *.attacker-domain.ru for fleet (pol_block_any_attacker_domain_ru): a domain name, not expressible in nftables');
    expect(ruleset).toMatch(/#   monitor fleet 192\.0\.2\.0\/24 \(pol_\w+\): not a packet verdict/);
    expect(ruleset).toMatch(/#   block \(all\) for app:zoom \(pol_\w+\)/);
  });

  const nft = spawnSync('nft', ['--version'], { encoding: 'utf8' });
  it.skipIf(nft.error !== undefined)(`is accepted by \`nft -c -f\`${nft.error ? ' (skipped: nft is not installed; apt-get install nftables)' : ''}`, (ctx) => {
    const file = join(tempDir('tm-nft-'), 'threatmatic.nft');
    writeFileSync(file, ruleset);
    const check = spawnSync('nft', ['-c', '-f', file], { encoding: 'utf8' });
    // Without the privilege nft needs, the ruleset was not checked: a skip (allowed in run-tests.mjs), not a pass.
    if (check.status !== 0 && /Operation not permitted|Permission denied/.test(check.stderr)) ctx.skip(`nft -c could not run here: ${check.stderr.trim()}`);
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
    // And a broken file is refused: the check can fail.
    writeFileSync(file, ruleset.replace('185.234.0.0/16', '185.234.0.0/33'));
    expect(() => execFileSync('nft', ['-c', '-f', file], { stdio: 'pipe' })).toThrow();
  });
});
