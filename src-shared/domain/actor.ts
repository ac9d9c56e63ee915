// Who performed an operation. Every write is attributed to one, and audited with it.
import type { ActorType } from './enums';

export interface Actor {
  type: ActorType;
  /** API key id, analyst name, CLI user, scheduler job… */
  id: string;
  /** Agent or client name (MCP clientInfo.name), when there is one. */
  name?: string;
}
