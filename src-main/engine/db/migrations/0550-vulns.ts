// Vulnerability exposure: the imported feeds (CVE 5, OSV, NVD 2.0 records and what they affect, the KEV
// catalogue, EPSS scores, each import with its source and date), the team's tech stack, the matches of
// stack entries to advisories with the rule and range that produced each, and the exposure state per CVE
// (priority, SLA start, status).
import type { Migration } from '../migrate';

export const migration: Migration = {
  version: 550,
  name: 'vulns',
  up: (db) => {
    db.exec(`
      CREATE TABLE vuln_feeds (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        source TEXT NOT NULL,
        feed_date TEXT,
        imported_at INTEGER NOT NULL,
        records INTEGER NOT NULL,
        new_records INTEGER NOT NULL,
        rejected INTEGER NOT NULL
      );
      CREATE TABLE vulns (
        cve_id TEXT PRIMARY KEY,
        aliases TEXT NOT NULL,
        title TEXT,
        description TEXT,
        published INTEGER,
        modified INTEGER,
        cvss_score REAL,
        cvss_version TEXT,
        cvss_vector TEXT,
        cvss_source TEXT,
        severity TEXT NOT NULL,
        cwes TEXT NOT NULL,
        ssvc TEXT,
        kev_added TEXT,
        ai_reason TEXT,
        feeds TEXT NOT NULL,
        first_seen INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        in_stack INTEGER NOT NULL DEFAULT 0,
        open_matches INTEGER NOT NULL DEFAULT 0,
        first_matched INTEGER,
        priority REAL NOT NULL DEFAULT 0,
        scored_at INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL DEFAULT 'open',
        status_reason TEXT,
        status_changed_at INTEGER,
        due_at INTEGER
      );
      -- Covering the patch list's filter columns, so its count and first page read the index alone; the partial one
      -- holds the default scope (AI-relevant or on the stack), a few percent of a full CVE set.
      CREATE INDEX vulns_priority ON vulns (priority DESC, cve_id, status, in_stack, open_matches);
      CREATE INDEX vulns_ai_priority ON vulns (priority DESC, cve_id, status, in_stack, open_matches) WHERE ai_reason IS NOT NULL OR in_stack = 1;
      CREATE INDEX vulns_in_stack ON vulns (in_stack, priority DESC);
      CREATE INDEX vulns_scored ON vulns (scored_at);
      CREATE TABLE vuln_affected (
        id INTEGER PRIMARY KEY,
        cve_id TEXT NOT NULL,
        feed TEXT NOT NULL,
        package TEXT NOT NULL,
        ecosystem TEXT,
        kind TEXT NOT NULL,
        rule TEXT NOT NULL
      );
      CREATE INDEX vuln_affected_package ON vuln_affected (package);
      CREATE INDEX vuln_affected_cve ON vuln_affected (cve_id, feed);
      CREATE TABLE vuln_kev (
        cve_id TEXT PRIMARY KEY,
        vendor TEXT NOT NULL,
        product TEXT NOT NULL,
        name TEXT NOT NULL,
        date_added TEXT NOT NULL,
        due_date TEXT,
        ransomware INTEGER NOT NULL,
        required_action TEXT,
        description TEXT,
        feed_id TEXT NOT NULL
      );
      CREATE TABLE vuln_epss (
        cve_id TEXT PRIMARY KEY,
        epss REAL NOT NULL,
        percentile REAL NOT NULL,
        score_date TEXT,
        feed_id TEXT NOT NULL
      );
      CREATE TABLE tech_stack (
        id TEXT PRIMARY KEY,
        technology TEXT NOT NULL,
        version TEXT,
        vendor TEXT,
        asset_count INTEGER,
        package TEXT NOT NULL,
        ecosystem TEXT,
        purl TEXT,
        source TEXT NOT NULL,
        added_at INTEGER NOT NULL,
        UNIQUE (package, version, source)
      );
      CREATE INDEX tech_stack_package ON tech_stack (package);
      CREATE TABLE vuln_matches (
        cve_id TEXT NOT NULL,
        stack_id TEXT NOT NULL,
        technology TEXT NOT NULL,
        version TEXT,
        rule TEXT NOT NULL,
        range TEXT NOT NULL,
        confidence TEXT NOT NULL,
        feed TEXT NOT NULL,
        matched_at INTEGER NOT NULL,
        status TEXT NOT NULL DEFAULT 'open',
        status_reason TEXT,
        status_changed_at INTEGER,
        PRIMARY KEY (cve_id, stack_id)
      );
      CREATE INDEX vuln_matches_stack ON vuln_matches (stack_id);
    `);
  },
};
