// Why a CVE is considered AI-relevant: one of its affected packages or products is on the AI catalogue
// (the reason names it, its category and where it was named), or, for records that name no product (the
// "n/a" records MITRE assigns), its description names one. The description also yields a low-confidence
// rule ("Ollama before 0.1.34") for such records, so they can still be matched to a stack entry.
import { AI_PRODUCTS, aiProduct, normalizeName, type AiProduct } from './ai-catalog';
import type { AffectedRule } from './types';

const CATEGORY_TEXT: Record<AiProduct['category'], string> = {
  llm_framework: 'LLM framework', inference_server: 'inference server', model_hub: 'model hub / model format', vector_store: 'vector store',
  notebook: 'notebook / model UI', ml_platform: 'ML platform', ml_library: 'ML library', ai_app: 'AI application',
};

const RULE_TEXT: Record<AffectedRule['kind'], string> = { osv: 'an OSV affected package', cve: "the CVE record's affected product", cpe: 'a CPE' };

// Names too common as words to be read from free text.
const NOT_FROM_TEXT = new Set(['notebook', 'ray', 'serve', 'guidance', 'openai', 'anthropic', 'mcp', 'h2o', 'jax', 'paddle', 'keras', 'chroma', 'onnx', 'dify', 'faiss', 'tgi']);

/** Catalogue names and aliases that may be recognised in a description, longest first. */
const TEXT_NAMES: { re: RegExp; product: AiProduct; shown: string }[] = AI_PRODUCTS.flatMap((p) =>
  [p.name, ...(p.aliases ?? [])].filter((n) => !n.includes('/') && !NOT_FROM_TEXT.has(normalizeName(n)) && n.length >= 4).map((n) => ({ product: p, shown: n })),
)
  .sort((a, b) => b.shown.length - a.shown.length)
  .map(({ product, shown }) => ({ product, shown, re: new RegExp(`\\b${shown.replace(/[.*+?^${}()|[\]\\-]/g, (c) => (c === '-' ? '[-_ ]?' : `\\${c}`))}\\b`, 'i') }));

export function aiReason(rules: readonly AffectedRule[], description: string | null): string | null {
  for (const r of rules) {
    const p = aiProduct(r.package);
    if (p) return `${p.name} (${CATEGORY_TEXT[p.category]}) is named in ${r.kind === 'cpe' && r.origin === 'description' ? 'the description' : RULE_TEXT[r.kind]}`;
  }
  if (description) {
    for (const t of TEXT_NAMES) if (t.re.test(description)) return `${t.product.name} (${CATEGORY_TEXT[t.product.category]}) is named in the description`;
  }
  return null;
}

/**
 * "Ollama before 0.1.34", "LangChain through 0.0.131", "langchain-experimental 0.0.14": a low-confidence
 * CPE-like rule from the description, for records whose affected data names no product.
 */
export function descriptionRules(description: string | null): AffectedRule[] {
  if (!description) return [];
  for (const t of TEXT_NAMES) {
    const m = new RegExp(`${t.re.source}\\s+(?:(before|prior to)|(through|up to|and earlier than|<=))\\s+v?(\\d[0-9A-Za-z.]*[0-9A-Za-z])`, 'i').exec(description);
    if (!m) continue;
    const version = m[3];
    return [{ kind: 'cpe', package: t.product.name, vendor: '', product: t.product.name, cpe: `description: "${m[0]}"`, version: null, ...(m[1] ? { end_excl: version } : { end_incl: version }), origin: 'description' }];
  }
  return [];
}
