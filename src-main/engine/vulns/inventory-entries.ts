// The inventory joins the stack: each distinct device model and firmware version (vendor = manufacturer,
// asset count = devices running it) and each workload image ("ollama/ollama:0.1.30" → ollama 0.1.30) becomes a
// stack entry of source `device` or `workload`, matched like the rest. Recomputed before every rematch, so a
// firmware upgrade or a new image is reflected at the next import.
import type { Inventory } from '../inventory/inventory';
import { resolveEntry, type StackInput } from './stack-parsers';

/** "ghcr.io/huggingface/text-generation-inference:1.4.2" → name text-generation-inference, version 1.4.2 (digests and "latest" give no version). */
function imageEntry(image: string): { name: string; version: string | null } | null {
  const noDigest = image.split('@')[0].trim();
  if (!noDigest) return null;
  const lastSlash = noDigest.lastIndexOf('/');
  const colon = noDigest.indexOf(':', lastSlash + 1);
  const repo = colon >= 0 ? noDigest.slice(0, colon) : noDigest;
  const tag = colon >= 0 ? noDigest.slice(colon + 1) : null;
  const name = repo.slice(repo.lastIndexOf('/') + 1);
  if (!name) return null;
  const version = tag && /^v?\d/.test(tag) ? tag.replace(/^v/, '').replace(/-(?:cpu|gpu|cuda.*|rocm.*|slim|alpine.*|bookworm|jammy)$/i, '') : null;
  return { name, version };
}

const PAGE = 1000;

export function inventoryEntries(inventory: Inventory): { devices: StackInput[]; workloads: StackInput[] } {
  const firmware = new Map<string, { e: StackInput; n: number }>();
  for (const d of inventory.allFirmwareFacts()) {
    if (!d.model) continue;
    const key = `${d.manufacturer ?? ''}\u0000${d.model}\u0000${d.firmware_version ?? ''}`;
    const have = firmware.get(key);
    if (have) have.n++;
    else firmware.set(key, { e: resolveEntry(d.model, d.firmware_version, d.manufacturer, null, null), n: 1 });
  }
  const images = new Map<string, { e: StackInput; n: number }>();
  for (let offset = 0; ; offset += PAGE) {
    const { workloads } = inventory.listWorkloads({ limit: PAGE, offset });
    for (const w of workloads) {
      const img = w.image ? imageEntry(w.image) : null;
      if (!img) continue;
      const key = `${img.name}\u0000${img.version ?? ''}`;
      const have = images.get(key);
      if (have) have.n++;
      else images.set(key, { e: resolveEntry(img.name, img.version, null, null, null), n: 1 });
    }
    if (workloads.length < PAGE) break;
  }
  const withCount = (m: Map<string, { e: StackInput; n: number }>) => [...m.values()].map(({ e, n }) => ({ ...e, asset_count: n }));
  return { devices: withCount(firmware), workloads: withCount(images) };
}
