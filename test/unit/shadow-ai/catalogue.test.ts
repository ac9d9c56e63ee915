// The catalogue built from the bundled v2fly AI lists: services per list or heading, full rules exact,
// domain rules on the name and its subdomains, regexp rules, @ads hosts left out, channels, the
// AI-looking heuristic grouped by registrable domain (public suffix list), and ordinary names untouched.
import { describe, expect, it } from 'vitest';
import { Catalogue } from '../../../src-main/engine/shadow-ai/catalogue';
import { HostClassifier } from '../../../src-main/engine/shadow-ai/classifier';

const c = new Catalogue();
const k = new HostClassifier(c, new Set(['dismissed-llm.com']));
const id = (h: string) => c.lookup(h)?.id ?? null;
const cls = (h: string) => {
  const r = k.classify(h);
  return r === null ? null : r.known ? `${r.service.id}/${r.channel}` : `?${r.domain} (${r.reason})`;
};

describe('AI service catalogue', () => {
  it('matches domain rules on the name and its subdomains, full rules exactly, regexp rules, never @ads hosts', () => {
    expect(c.services.size).toBeGreaterThan(100);
    expect(id('chatgpt.com')).toBe('openai');
    expect(id('ab.chatgpt.com')).toBe('openai');
    expect(id('notchatgpt.com')).toBeNull();
    expect(id('copilot-proxy.githubusercontent.com')).toBe('github-copilot');
    expect(id('raw.githubusercontent.com')).toBeNull();
    expect(id('copilot-telemetry.githubusercontent.com')).toBeNull();
    expect(id('browser-intake-datadoghq.com')).toBeNull();
    expect(id('chatgpt-async-webps-prod-eastus-12.webpubsub.azure.com')).toBe('openai');
    expect(id('gemini.google.com')).toBe('google-deepmind');
    expect(id('mail.google.com')).toBeNull();
    expect(id('qianwen.aliyun.com')).toBe('cn-qianwen');
    expect(id('mistral.ai')).toBe('mistral');
    expect(id('z.ai')).toBe('cn-bigmodel');
    expect(c.services.get('anthropic')).toMatchObject({ vendor: 'Anthropic', kind: 'chat', audience: 'consumer', classified: true });
    expect(c.version).toMatch(/^v2fly@c975cce\+classes\.1$/);
  });

  it('tells web, API and MCP channels apart where the hostname allows', () => {
    expect(cls('chatgpt.com')).toBe('openai/web');
    expect(cls('api.openai.com')).toBe('openai/api');
    expect(cls('generativelanguage.googleapis.com')).toBe('google-deepmind/api');
    expect(cls('claudemcpclient.com')).toBe('anthropic/mcp');
    expect(cls('openrouter.ai')).toBe('openrouter/api');
  });

  it('queues AI-looking unknown names by registrable domain, and leaves ordinary and dismissed names alone', () => {
    expect(cls('chat.zorblax-assist.ai')).toBe('?zorblax-assist.ai (registered under .ai)');
    expect(cls('api.acme-llm.co.uk')).toBe('?acme-llm.co.uk (name contains "llm")');
    expect(cls('mcp.tools.example.com')).toBe('?example.com (name contains "mcp")');
    expect(cls('myapp.vercel.app')).toBeNull();
    expect(cls('gpt-helper.vercel.app')).toBe('?gpt-helper.vercel.app (name contains "gpt")');
    expect(cls('mail.example.com')).toBeNull();
    expect(cls('portal.airbus.com')).toBeNull();
    expect(cls('x.dismissed-llm.com')).toBeNull();
    expect(cls('gpt-box.local')).toBeNull();
  });
});
