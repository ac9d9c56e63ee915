// The detector settings operations: what is in force and what differs from the defaults; a change is
// merged into the current overrides, validated, stored (audited) and applied to this engine's pipeline.
// Only values that differ from the defaults are stored, so a later release's better default reaches
// every threshold nobody chose.
import type { Actor } from '@shared/domain/actor';
import type { OpOutput, OpParsedInput } from '@shared/contract/index';
import type { Engine } from '../engine';
import { DEFAULT_DETECT_CONFIG, loadDetectConfig, parseDetectConfig, saveDetectConfig, type DetectConfig, type DetectConfigInput } from './config';

type Tree = { [key: string]: unknown };
const isTree = (v: unknown): v is Tree => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The leaves of `value` that differ from `base`, as a tree (empty branches left out). */
function differences(value: Tree, base: Tree): Tree {
  const out: Tree = {};
  for (const [key, v] of Object.entries(value)) {
    if (isTree(v) && isTree(base[key])) {
      const d = differences(v, base[key]);
      if (Object.keys(d).length) out[key] = d;
    } else if (v !== base[key]) out[key] = v;
  }
  return out;
}

function merged(into: Tree, changes: Tree): Tree {
  const out: Tree = { ...into };
  for (const [key, v] of Object.entries(changes)) out[key] = isTree(v) && isTree(out[key]) ? merged(out[key], v) : v;
  return out;
}

const view = (settings: DetectConfig): OpOutput<'detect.settings'> => ({
  settings, overrides: differences(settings, DEFAULT_DETECT_CONFIG) as DetectConfigInput, defaults: DEFAULT_DETECT_CONFIG,
});

export function detectSettings(engine: Engine): OpOutput<'detect.settings'> {
  return view(loadDetectConfig(engine.sql, (m) => engine.log.warn(m)));
}

export function setDetectSettings(engine: Engine, input: OpParsedInput<'detect.setSettings'>, actor: Actor): OpOutput<'detect.setSettings'> {
  const current = input.reset ? {} : differences(loadDetectConfig(engine.sql, (m) => engine.log.warn(m)), DEFAULT_DETECT_CONFIG);
  const overrides = differences(parseDetectConfig(merged(current, input.settings as Tree)), DEFAULT_DETECT_CONFIG) as DetectConfigInput;
  const settings = saveDetectConfig(engine.sql, engine.audit, actor, overrides);
  engine.pipeline.setConfig(settings);
  return view(settings);
}
