// Our own classification of the services in the public AI domain lists (resources/ai-services): vendor,
// kind, consumer or enterprise, and the data-retention and training terms where the vendor publishes
// them (a one-line summary and where it is published; "not assessed" when we have not read them).
// Keyed by catalogue service id (catalogue.ts: the v2fly list name, or the heading or domain inside a
// category list). A service without an entry here is still known (it is on a public AI list) but its
// classification says so. Bump CLASSES_VERSION with every change: it is part of the catalogue version.
import type { AiServiceAudience, AiServiceKind } from '@shared/domain/shadow-ai';

export const CLASSES_VERSION = 1;

/** Services known by means other than a domain list (audit logs), always in the catalogue. */
export const BUILTIN_SERVICES = ['microsoft-365-copilot'] as const;

export interface ServiceClass {
  name: string;
  vendor: string;
  kind: AiServiceKind;
  audience: AiServiceAudience;
  /** Published data-retention / training terms, summarised, with where they are published. */
  terms?: string;
  /** Hostnames (or suffixes) of this service that are its API, beyond the api./api-* convention. */
  api_hosts?: string[];
}

const TRAIN_OPT_OUT = 'consumer plans: chats may be used to train models unless the user opts out; business and API terms exclude training by default';

export const SERVICE_CLASSES: Record<string, ServiceClass> = {
  openai: { name: 'ChatGPT / OpenAI', vendor: 'OpenAI', kind: 'chat', audience: 'consumer', terms: `${TRAIN_OPT_OUT} (openai.com/policies, "How your data is used to improve model performance")`, api_hosts: ['api.openai.com'] },
  anthropic: { name: 'Claude / Anthropic', vendor: 'Anthropic', kind: 'chat', audience: 'consumer', terms: `${TRAIN_OPT_OUT} (anthropic.com/legal, consumer terms update 2025)`, api_hosts: ['api.anthropic.com'] },
  'google-deepmind': { name: 'Google Gemini / AI Studio', vendor: 'Google', kind: 'chat', audience: 'consumer', terms: 'Gemini Apps: activity kept and may be reviewed and used to improve models while Gemini Apps Activity is on (support.google.com/gemini, Privacy Hub)', api_hosts: ['generativelanguage.googleapis.com', 'aicode.googleapis.com', 'cloudaicompanion.googleapis.com'] },
  'github-copilot': { name: 'GitHub Copilot', vendor: 'GitHub (Microsoft)', kind: 'coding_assistant', audience: 'enterprise', terms: 'Business/Enterprise: prompts and suggestions not used for training (docs.github.com, Copilot Trust Center)' },
  cursor: { name: 'Cursor', vendor: 'Anysphere', kind: 'coding_assistant', audience: 'consumer', terms: 'code may be used for training unless Privacy Mode is on (cursor.com/privacy)' },
  windsurf: { name: 'Windsurf', vendor: 'Windsurf (Cognition)', kind: 'coding_assistant', audience: 'consumer' },
  'jetbrains-ai': { name: 'JetBrains AI Assistant', vendor: 'JetBrains', kind: 'coding_assistant', audience: 'enterprise' },
  trae: { name: 'Trae (MarsCode)', vendor: 'ByteDance', kind: 'coding_assistant', audience: 'consumer' },
  perplexity: { name: 'Perplexity', vendor: 'Perplexity AI', kind: 'chat', audience: 'consumer', api_hosts: ['api.perplexity.ai'] },
  huggingface: { name: 'Hugging Face', vendor: 'Hugging Face', kind: 'api', audience: 'consumer', api_hosts: ['api-inference.huggingface.co', 'router.huggingface.co'] },
  groq: { name: 'Groq', vendor: 'Groq', kind: 'api', audience: 'enterprise' },
  cerebras: { name: 'Cerebras Inference', vendor: 'Cerebras', kind: 'api', audience: 'enterprise' },
  xai: { name: 'Grok / xAI', vendor: 'xAI', kind: 'chat', audience: 'consumer', api_hosts: ['api.x.ai'] },
  poe: { name: 'Poe', vendor: 'Quora', kind: 'chat', audience: 'consumer' },
  elevenlabs: { name: 'ElevenLabs', vendor: 'ElevenLabs', kind: 'image_media', audience: 'consumer' },
  deepseek: { name: 'DeepSeek', vendor: 'DeepSeek', kind: 'chat', audience: 'consumer', terms: 'data stored on servers in the PRC; inputs may be used to improve services (deepseek.com privacy policy)', api_hosts: ['api.deepseek.com'] },
  doubao: { name: 'Doubao', vendor: 'ByteDance', kind: 'chat', audience: 'consumer' },
  dola: { name: 'Cici / Dola', vendor: 'ByteDance', kind: 'chat', audience: 'consumer' },
  'bytedance-ai-!cn': { name: 'ByteDance AI (global)', vendor: 'ByteDance', kind: 'chat', audience: 'consumer' },
  manus: { name: 'Manus', vendor: 'Manus', kind: 'agent_platform', audience: 'consumer' },
  comfy: { name: 'Comfy', vendor: 'Comfy Org', kind: 'image_media', audience: 'consumer' },
  'comfy-ui-launcher': { name: 'ComfyUI Launcher', vendor: 'Comfy Org', kind: 'image_media', audience: 'consumer' },
  envato: { name: 'Envato AI', vendor: 'Envato', kind: 'image_media', audience: 'consumer' },
  liveperson: { name: 'LivePerson', vendor: 'LivePerson', kind: 'chat', audience: 'enterprise' },
  youmind: { name: 'YouMind', vendor: 'YouMind', kind: 'chat', audience: 'consumer' },
  askdiandian: { name: 'AskDiandian', vendor: 'Diandian', kind: 'chat', audience: 'consumer' },
  'xiaomi-ai': { name: 'Xiaomi AI', vendor: 'Xiaomi', kind: 'chat', audience: 'consumer' },
  coderabbit: { name: 'CodeRabbit', vendor: 'CodeRabbit', kind: 'coding_assistant', audience: 'enterprise' },
  cohere: { name: 'Cohere', vendor: 'Cohere', kind: 'api', audience: 'enterprise' },
  copilot: { name: 'Microsoft Copilot', vendor: 'Microsoft', kind: 'chat', audience: 'consumer', terms: 'consumer Copilot: conversations may be used for training unless the user opts out; Microsoft 365 Copilot with Entra ID: enterprise data protection, not used for training (learn.microsoft.com)' },
  deepwiki: { name: 'DeepWiki', vendor: 'Cognition', kind: 'coding_assistant', audience: 'consumer' },
  jasper: { name: 'Jasper', vendor: 'Jasper AI', kind: 'chat', audience: 'enterprise' },
  'kimi-moonshot': { name: 'Kimi / Moonshot', vendor: 'Moonshot AI', kind: 'chat', audience: 'consumer' },
  mistral: { name: 'Mistral / Le Chat', vendor: 'Mistral AI', kind: 'chat', audience: 'consumer', api_hosts: ['api.mistral.ai', 'codestral.mistral.ai'] },
  ollama: { name: 'Ollama', vendor: 'Ollama', kind: 'api', audience: 'consumer' },
  openrouter: { name: 'OpenRouter', vendor: 'OpenRouter', kind: 'api', audience: 'consumer', api_hosts: ['openrouter.ai'] },
  meta: { name: 'Meta AI', vendor: 'Meta', kind: 'chat', audience: 'consumer' },
  midjourney: { name: 'Midjourney', vendor: 'Midjourney', kind: 'image_media', audience: 'consumer' },
  crewai: { name: 'CrewAI', vendor: 'CrewAI', kind: 'agent_platform', audience: 'enterprise' },
  dify: { name: 'Dify', vendor: 'LangGenius', kind: 'agent_platform', audience: 'consumer' },
  langchain: { name: 'LangChain / LangSmith', vendor: 'LangChain', kind: 'agent_platform', audience: 'enterprise' },
  devin: { name: 'Devin', vendor: 'Cognition', kind: 'coding_assistant', audience: 'enterprise' },
  kiro: { name: 'Kiro', vendor: 'Amazon', kind: 'coding_assistant', audience: 'consumer' },
  lmstudio: { name: 'LM Studio', vendor: 'Element Labs', kind: 'api', audience: 'consumer' },
  duck: { name: 'Duck.ai', vendor: 'DuckDuckGo', kind: 'chat', audience: 'consumer' },
  cloudflare: { name: 'Cloudflare AI Gateway', vendor: 'Cloudflare', kind: 'api', audience: 'enterprise', api_hosts: ['gateway.ai.cloudflare.com'] },
  agentclientprotocol: { name: 'Agent Client Protocol', vendor: 'Zed Industries', kind: 'agent_platform', audience: 'consumer' },
  anythingllm: { name: 'AnythingLLM', vendor: 'Mintplex Labs', kind: 'agent_platform', audience: 'consumer' },
  arena: { name: 'LMArena', vendor: 'LMArena', kind: 'chat', audience: 'consumer' },
  h2o: { name: 'H2O.ai', vendor: 'H2O.ai', kind: 'agent_platform', audience: 'enterprise' },
  minimax: { name: 'MiniMax (global)', vendor: 'MiniMax', kind: 'chat', audience: 'consumer' },
  novelai: { name: 'NovelAI', vendor: 'Anlatan', kind: 'image_media', audience: 'consumer' },
  openart: { name: 'OpenArt', vendor: 'OpenArt', kind: 'image_media', audience: 'consumer' },
  tripo3d: { name: 'Tripo3D', vendor: 'VAST', kind: 'image_media', audience: 'consumer' },
  'cn-mcp-world': { name: 'MCP World', vendor: 'MCP World', kind: 'mcp', audience: 'consumer' },
  'cn-qianwen': { name: '通义千问 (Qwen)', vendor: 'Alibaba', kind: 'chat', audience: 'consumer' },
  'cn-bigmodel': { name: '智谱 (Zhipu GLM)', vendor: 'Zhipu AI', kind: 'chat', audience: 'consumer' },
  'cn-kimi': { name: '月之暗面 (Kimi)', vendor: 'Moonshot AI', kind: 'chat', audience: 'consumer' },
  'cn-workbuddy': { name: 'Tencent CodeBuddy / Hunyuan / Yuanbao', vendor: 'Tencent', kind: 'chat', audience: 'consumer' },
  // Not on the public lists (it is reached through Microsoft 365, not a domain of its own): known from the
  // Microsoft 365 unified audit log (CopilotInteraction records).
  'microsoft-365-copilot': { name: 'Microsoft 365 Copilot', vendor: 'Microsoft', kind: 'chat', audience: 'enterprise', terms: 'with Entra ID accounts: enterprise data protection, prompts and responses not used to train foundation models (learn.microsoft.com, "Enterprise data protection in Microsoft 365 Copilot")' },
  'cn-kechuangai': { name: '可灵AI (Kling)', vendor: 'Kuaishou', kind: 'image_media', audience: 'consumer' },
};
