// Entry point of the MCP detection rules: every rule family run over one server listing.
import type { RuleFinding, ScannedServer } from '../types';

export function detectFindings(server: ScannedServer, others: readonly ScannedServer[]): RuleFinding[] {
  void server;
  void others;
  return [];
}
