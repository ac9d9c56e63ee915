// Classifies one agent tool into the legs of the lethal trifecta (Simon Willison's framework, named in the
// AI posture spec): access to private data, exposure to untrusted content, ability to communicate externally.
// A small rule set over the tool's name, description and input schema; each match records why, so an analyst
// can see (and override) the reasoning. Pure: no engine state, so it runs on registry tools and scan data alike.

export const TRIFECTA_LEGS = ['private_data', 'untrusted_content', 'external_comms'] as const;
export type TrifectaLeg = (typeof TRIFECTA_LEGS)[number];

export const LEG_LABELS: Record<TrifectaLeg, string> = {
  private_data: 'access to private data',
  untrusted_content: 'exposure to untrusted content',
  external_comms: 'ability to communicate externally',
};

/** A tool as known: at least its name (registry tools are "server/tool" or "tool"), more when a scan saw it. */
export interface ToolInfo { name: string; description?: string | null; inputSchema?: { properties?: Record<string, unknown> } | null }

export interface LegMatch { leg: TrifectaLeg; reason: string }

interface Rule { leg: TrifectaLeg; where: 'name' | 'description' | 'schema'; re: RegExp; why: string }

// Names are split into words (snake, kebab, camel, slash) and matched word-wise, so "send_email" and
// "gmail/sendMessage" both hit, but "resend" inside another word does not.
const RULES: readonly Rule[] = [
  // private data: files, databases, mailboxes, credentials, internal records
  { leg: 'private_data', where: 'name', re: /\b(read|get|list|open|cat)\b.*\b(file|files|document|documents|doc|dir|directory|folder|drive)\b|\b(fs|filesystem|file|files)\b/, why: 'reads files' },
  { leg: 'private_data', where: 'name', re: /\b(db|database|sql|query|table|records?|crm|customers?|contacts?|salesforce|hr|payroll|ledger)\b/, why: 'reads a database or internal records' },
  { leg: 'private_data', where: 'name', re: /\b(inbox|mailbox|read|get|list|search)\b.*\b(email|emails|mail|messages?)\b/, why: 'reads a mailbox' },
  { leg: 'private_data', where: 'name', re: /\b(secret|secrets|credential|credentials|password|passwords|token|tokens|ssh|vault|keychain|env)\b/, why: 'reads secrets' },
  { leg: 'private_data', where: 'name', re: /\b(calendar|notes|memory|history|repo|repository|wiki)\b/, why: 'reads internal workspace data' },
  { leg: 'private_data', where: 'description', re: /\b(read|reads|access|accesses|retrieve|retrieves|load|loads)\b[^.]{0,40}\b(local |private |internal )?(files?|documents?|database|records|emails?|inbox|credentials|secrets|ssh keys?|config(uration)? files?)\b/i, why: 'description says it reads private data' },
  { leg: 'private_data', where: 'schema', re: /^(path|file|filepath|file_path|filename|directory|sql|query_sql|table)$/i, why: 'takes a file path or SQL' },
  // untrusted content: the web, inbound mail, public issues and posts, anything fetched from outside
  { leg: 'untrusted_content', where: 'name', re: /\b(fetch|browse|browser|scrape|crawl|web|url|http|download|rss|feed)\b/, why: 'fetches web content' },
  { leg: 'untrusted_content', where: 'name', re: /\b(search)\b.*\b(web|internet|google|bing)\b|\b(web|google|bing)\b.*\bsearch\b/, why: 'searches the web' },
  { leg: 'untrusted_content', where: 'name', re: /\b(inbox|read|get|list)\b.*\b(email|emails|mail|messages?|issues?|comments?|tickets?|posts?)\b/, why: 'reads content written by outsiders' },
  { leg: 'untrusted_content', where: 'description', re: /\b(fetch|fetches|download|downloads|browse|browses|scrape|scrapes|crawl|crawls)\b|\b(web ?pages?|websites?|internet|incoming (e-?mail|messages))\b/i, why: 'description says it takes in outside content' },
  { leg: 'untrusted_content', where: 'schema', re: /^(url|uri|link|href|page_url)$/i, why: 'takes a URL' },
  // external communication: anything that can carry data out
  { leg: 'external_comms', where: 'name', re: /\b(send|post|publish|upload|share|tweet|notify|webhook|sms|reply|forward|push|dm)\b/, why: 'sends data out' },
  { leg: 'external_comms', where: 'name', re: /\b(create|open|comment)\b.*\b(issue|pr|pull|comment|ticket|gist)\b/, why: 'writes to a public or third-party service' },
  { leg: 'external_comms', where: 'name', re: /\b(http|curl|request)\b.*\b(post|put)\b|\b(post|put)\b.*\b(http|request)\b/, why: 'makes outbound HTTP writes' },
  { leg: 'external_comms', where: 'description', re: /\b(send|sends|post|posts|upload|uploads|publish|publishes|email|emails|exfiltrat\w*|transmit|transmits|webhook|forward|forwards)\b[^.]{0,40}\b(to|via|through|outside|external|recipient|server|channel|address)\b/i, why: 'description says it sends data out' },
  { leg: 'external_comms', where: 'schema', re: /^(to|recipient|recipients|cc|bcc|webhook|webhook_url|callback_url|channel|phone|destination)$/i, why: 'takes a recipient or destination' },
];

/** "gmail/sendMessage" → "gmail send message": words for the name rules. */
function nameWords(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[^A-Za-z0-9]+/g, ' ').toLowerCase().trim();
}

/** The legs a tool supplies, each with the first rule that found it. */
export function classifyTool(tool: ToolInfo): LegMatch[] {
  const words = nameWords(tool.name);
  const desc = tool.description ?? '';
  const props = Object.keys(tool.inputSchema?.properties ?? {});
  const found = new Map<TrifectaLeg, string>();
  for (const r of RULES) {
    if (found.has(r.leg)) continue;
    const hit = r.where === 'name' ? r.re.test(words)
      : r.where === 'description' ? r.re.test(desc)
      : props.some((p) => r.re.test(p));
    if (hit) found.set(r.leg, `${r.why} (${r.where})`);
  }
  return TRIFECTA_LEGS.filter((l) => found.has(l)).map((leg) => ({ leg, reason: found.get(leg) as string }));
}
