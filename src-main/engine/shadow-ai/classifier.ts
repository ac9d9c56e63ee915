// Hostname → AI service: the catalogue match and the channel (web app, API, MCP) the name tells, or, for
// a name in no catalogue that looks like an AI service, a review candidate keyed by its registrable
// domain (public suffix list via tldts). Everything else is null. Hot path of discovery: a plain
// name costs a few Map lookups and one precompiled test; tldts runs only for the candidates.
import type * as tldtsLib from 'tldts';
import { lazyModule } from '../lazy-module';

const tldts = lazyModule<typeof tldtsLib>('tldts');
import type { AiChannel } from '@shared/domain/shadow-ai';
import type { Catalogue, CatalogueService } from './catalogue';

interface KnownMatch { known: true; service: CatalogueService; channel: AiChannel; host: string }
interface Candidate { known: false; domain: string; reason: string; host: string }
export type HostClass = KnownMatch | Candidate | null;

// A cheap pre-filter for the AI-looking heuristics below: a word that names the technology, or an `ai`
// label or `-ai`/`ai-` token (a .ai domain included).
const AI_WORD = /gpt|llm|genai|copilot|chatbot|mcp|openai|(?:^|[.-])ai(?:[.-]|$)/;
const REASONS: [RegExp, string][] = [
  [/gpt/, 'name contains "gpt"'],
  [/llm/, 'name contains "llm"'],
  [/genai/, 'name contains "genai"'],
  [/copilot/, 'name contains "copilot"'],
  [/chatbot/, 'name contains "chatbot"'],
  [/openai/, 'name contains "openai"'],
  [/(?:^|[.-])mcp(?:[.-]|$)|mcp/, 'name contains "mcp"'],
  [/(?:^|[.-])ai(?:[.-]|$)/, 'name has an "ai" label or token'],
];
const NOT_SERVICES = /\.(?:arpa|local|localdomain|internal|lan|home|corp)$/;

/** Lowercase, without the root dot, a port or an URL around it. */
export function normalizeHost(raw: string): string {
  let h = raw;
  if (h.includes('://')) h = h.slice(h.indexOf('://') + 3);
  const slash = h.indexOf('/');
  if (slash >= 0) h = h.slice(0, slash);
  const colon = h.lastIndexOf(':');
  if (colon >= 0 && !h.includes(']') && h.indexOf(':') === colon) h = h.slice(0, colon);
  if (h.endsWith('.')) h = h.slice(0, -1);
  return h.toLowerCase();
}

function channelOf(host: string, s: CatalogueService): AiChannel {
  if (s.kind === 'mcp' || host.includes('mcp')) return 'mcp';
  if (s.kind === 'api') return 'api';
  for (const a of s.api_hosts) if (host === a || host.endsWith(`.${a}`)) return 'api';
  if (host.startsWith('api.') || host.startsWith('api-') || host.includes('.api.')) return 'api';
  return 'web';
}

/** User agents of AI SDKs and agent frameworks: what such a client reaches is likely an AI service. */
const AGENT_UA = /\b(?:OpenAI\/(?:Python|JS)|Anthropic\/(?:Python|JS)|anthropic-(?:python|typescript)|langchain|llama[-_]?index|crewai|autogen|litellm|mcp-(?:client|remote)|ModelContextProtocol|google-genai|mistralai|cohere-)/i;

export function agentUserAgent(ua: string | undefined): string | null {
  if (!ua) return null;
  const m = AGENT_UA.exec(ua);
  return m ? m[0] : null;
}

export class HostClassifier {
  constructor(readonly catalogue: Catalogue, private readonly dismissed: ReadonlySet<string> = new Set()) {}

  /**
   * `host` already normalized (events store names lowercase without the root dot). `agent`: the AI SDK
   * or agent framework the client announced (an HTTP user agent): an unclassified name it reaches is a
   * review candidate even when the name does not look like AI.
   */
  classify(host: string, agent: string | null = null): HostClass {
    const s = this.catalogue.lookup(host);
    if (s !== null) return { known: true, service: s, channel: channelOf(host, s), host };
    if (!AI_WORD.test(host) && agent === null) return null;
    if (NOT_SERVICES.test(host)) return null;
    const domain = tldts().getDomain(host, { allowPrivateDomains: true });
    if (!domain || this.dismissed.has(domain)) return null;
    let reason = host.endsWith('.ai') ? 'registered under .ai' : '';
    if (!reason) for (const [re, why] of REASONS) if (re.test(host)) { reason = why; break; }
    if (!reason) reason = `reached by an AI agent (user agent ${agent})`;
    return { known: false, domain, reason, host };
  }
}
