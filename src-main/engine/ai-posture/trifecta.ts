// The lethal trifecta of one agent: which of its tools supply each leg, whether all three meet, and the leg
// cheapest to break. Works on any tool set, so the same code decides statically (the union of the agent's
// tools) and at run time (the tools actually called in one run). Analyst overrides replace the rules' verdict
// for a tool.
import { LEG_LABELS, TRIFECTA_LEGS, classifyTool, type LegMatch, type ToolInfo, type TrifectaLeg } from './tool-legs';

/** An analyst's verdict on a tool: exactly the legs it supplies (empty: none). */
export type LegOverrides = ReadonlyMap<string, readonly TrifectaLeg[]>;

interface LegSupplier { tool: string; reason: string }
interface TrifectaLegResult { leg: TrifectaLeg; label: string; present: boolean; tools: LegSupplier[] }
export interface Trifecta {
  legs: TrifectaLegResult[];
  /** All three legs present: maximum risk. */
  complete: boolean;
  /** The present leg with the fewest supplying tools (fewest things to block), when all three meet. */
  cheapest_leg: TrifectaLeg | null;
  cheapest_reason: string | null;
}

// On a tie, cutting outbound channels breaks exfiltration with least loss of the agent's purpose, then
// untrusted input; private data is usually why the agent exists.
const BREAK_PREFERENCE: readonly TrifectaLeg[] = ['external_comms', 'untrusted_content', 'private_data'];

/**
 * Decides the trifecta over a set of tools; a tool named in `overrides` takes the analyst's legs. `classify`
 * is classifyTool, or a memo of it (the fleet's agents share most of their tools).
 */
export function assessTrifecta(tools: readonly ToolInfo[], overrides: LegOverrides = new Map(), classify: (t: ToolInfo) => LegMatch[] = classifyTool): Trifecta {
  const byLeg = new Map<TrifectaLeg, LegSupplier[]>(TRIFECTA_LEGS.map((l) => [l, []]));
  const seen = new Set<string>();
  for (const t of tools) {
    if (seen.has(t.name)) continue;
    seen.add(t.name);
    const manual = overrides.get(t.name);
    const matches = manual ? manual.map((leg) => ({ leg, reason: 'analyst override' })) : classify(t);
    for (const m of matches) byLeg.get(m.leg)?.push({ tool: t.name, reason: m.reason });
  }
  const legs = TRIFECTA_LEGS.map((leg) => {
    const list = byLeg.get(leg) as LegSupplier[];
    return { leg, label: LEG_LABELS[leg], present: list.length > 0, tools: list };
  });
  const complete = legs.every((l) => l.present);
  let cheapest: TrifectaLegResult | null = null;
  if (complete) {
    for (const leg of BREAK_PREFERENCE) {
      const l = legs.find((x) => x.leg === leg) as TrifectaLegResult;
      if (!cheapest || l.tools.length < cheapest.tools.length) cheapest = l;
    }
  }
  return {
    legs, complete,
    cheapest_leg: cheapest?.leg ?? null,
    cheapest_reason: cheapest
      ? `${cheapest.tools.length} tool${cheapest.tools.length === 1 ? '' : 's'} to block or restrict (${cheapest.tools.map((t) => t.tool).join(', ')}) removes ${cheapest.label}`
      : null,
  };
}
