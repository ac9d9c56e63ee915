// The operations deliberately left without a /api/v1 route, and the lists deliberately not paged, each
// with its reason. The REST contract test fails on any operation without a route that is not listed
// here, and on any listed one that has a route, so this table is always the truth.

export const WITHOUT_REST_ROUTE: Readonly<Record<string, string>> = {
  'ingest.file': 'reads a file on this machine (localFiles): the CLI alone may call it; scripts ingest by running `threatmatic ingest`',
  'intel.import': 'reads a file on this machine (localFiles): the CLI alone may call it',
  'inventory.import': 'reads a file on this machine (localFiles): the CLI alone may call it',
  'simulate.run': 'writes a simulated fleet into the database: a demo and test tool run at the machine, not for API clients',
  'db.rebuildDerived': 'a repair of a damaged database, run at the machine while nothing else writes',
  'anomalies.list': "the MCP tool list_anomalies' exact input (open anomalies, no paging); GET /api/v1/anomalies serves the same listing through anomalies.search, filtered and paged",
  'keys.create': 'a new key is made at the machine (the CLI or the console), shown once to the person who made it; over the API it would travel, and for a call held for approval be stored in clear with the result',
  'events.subscribe': 'an MCP call held open until events arrive; REST clients follow GET /api/v1/signals/stream (Server-Sent Events) or page GET /api/v1/signals',
  'vulns.importFeed': 'reads files, folders and zips on this machine (localFiles): the CLI alone may call it',
  'enforcement.reportDecisions': 'served by the door route POST /api/v1/enforcement/webhook, authenticated by the HMAC signature of an enforcement endpoint\'s secret instead of an API key',
  'shadowai.importCopilot': 'reads a file on this machine (localFiles): the CLI alone may call it',
  'shadowai.orgKey': 'the org key is shown at the machine (the CLI or the console) to the person who sets up extensions, like keys.create',
  'shadowai.extensionReport': 'the browser extension posts to POST /api/v1/shadow-ai/extension/events with its org key (X-Org-Key), a route of its own: it holds no API key',
};

export const UNPAGED_LISTS: Readonly<Record<string, string>> = {
  'intel.feeds': 'one row per imported feed: a handful, answered whole with their totals',
  'enforcement.endpoints': 'the configured webhook endpoints: a handful, set by an administrator',
  'compliance.state': 'one entry per framework (three), each with its checks',
  'keys.list': 'the API keys: a handful, made by an administrator',
  'retention.get': 'one row per kind of data (six), answered whole',
  'audit.export': 'pages by sequence number itself (after_seq, through_seq, done), so an export ends at the head it started from',
  'mcpscan.servers': 'one row per MCP server configured on this machine or registered (tens), each with its last scan, answered whole',
  'mcpscan.findings': "the last scan's findings, filtered by server and severity: bounded by the scanned servers' tools, answered whole so a reviewer sees them all",
  'ai.brief': 'not a list: the brief, 4–8 sentences answered whole, each with the factors it rests on',
  'policy.managementPaths': 'the fleet default and its per-type and per-device overrides, answered whole with the effective path',
  'posture.fleetTrend': 'at most one point per hour of the window asked (2,160 at the most), answered whole for a chart',
  'shadowai.list': 'one row per AI service seen in use (tens), answered whole, riskiest first, so the Shadow AI score it explains is complete',
  'shadowai.review': 'the review queue of unknown AI-looking domains: at most 1,000, answered whole so a reviewer sees them all',
  'shadowai.catalogue': 'the bundled AI service catalogue (about 150 services), answered whole with its version and provenance',
};
