// One client interface for every operation, whichever door carries it (Electron IPC or HTTP).
import type { OpReply } from '@shared/contract/door-reply';
import type { OpInput, OpName, OpOutput } from '@shared/contract/index';
import { ApiError } from './api-error';
import type { LiveSource } from './live-source';

export interface ApiClient {
  /** 'electron' when the preload bridge carries calls, 'http' in serve mode. */
  readonly transport: 'electron' | 'http';
  call<N extends OpName>(name: N, input: OpInput<N>): Promise<OpOutput<N>>;
  /** Engine events pushed as they happen; absent where the door cannot push (the console then polls). */
  readonly live?: LiveSource;
}

/** Something that carries one call and answers with the door's reply. */
export type Transport = (name: string, input: unknown) => Promise<OpReply>;

export function clientOver(transport: ApiClient['transport'], send: Transport, live?: LiveSource): ApiClient {
  return {
    transport,
    live,
    async call<N extends OpName>(name: N, input: OpInput<N>): Promise<OpOutput<N>> {
      const reply = await send(name, input);
      if (!reply.ok) throw new ApiError(reply.error);
      return reply.result as OpOutput<N>;
    },
  };
}
