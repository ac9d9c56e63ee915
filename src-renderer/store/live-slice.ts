// Live updates: engine events pushed by the door (SSE in serve mode, the IPC push channel in the desktop
// app), resumed after the last cursor seen; keeps a short feed of the newest events, counts new events per
// type so screens reload only the data an event touched, and knows whether the server is reachable.
// A door that cannot push falls back to reading events.read every 2 s. Runs while a screen asks for it.
import type { StateCreator } from 'zustand';
import type { OpOutput } from '@shared/contract/index';
import type { LoggedEventView } from '@shared/contract/operations/events-read';
import type { EventType } from '@shared/domain/enums';
import type { LiveStatus } from '../api/live-source';
import type { StoreState } from './index';

const LIVE_POLL_MS = 2000;
const FEED_SIZE = 40;
const PAGE = 500;
/** Pages read per poll: a large ingest's backlog is caught up over a few polls instead of one long one. */
const MAX_PAGES = 6;
/** Pushed events are applied in batches this often, so a burst (an ingest) re-renders a few times, not per event. */
const BATCH_MS = 100;
type LoggedEventPage = OpOutput<'events.read'>;

export interface LiveSlice {
  /** The newest cursor seen; null before the first read. */
  liveCursor: number | null;
  /** Newest first. */
  liveFeed: LoggedEventView[];
  /** Bumped for each event type that arrived since the screen loaded: screens reload on a change. */
  liveVersions: Partial<Record<EventType, number>>;
  liveError: string | null;
  /** 'idle' until a screen starts live updates; 'down' while the server cannot be reached. */
  liveStatus: LiveStatus | 'idle';
  /** Starts live updates (shared by every caller); returns the function that stops this caller's interest. */
  startLive(): () => void;
}

let subscribers = 0;
let stopCurrent: (() => void) | null = null;

export const createLiveSlice: StateCreator<StoreState, [], [], LiveSlice> = (set, get) => {
  /** Adds events (oldest first) to the feed and, unless they only seed it, to the change counts. */
  function apply(arrived: LoggedEventView[], cursor: number, count: boolean): void {
    set((s) => {
      const versions = { ...s.liveVersions };
      if (count) for (const e of arrived) versions[e.event_type] = (versions[e.event_type] ?? 0) + 1;
      return { liveCursor: Math.max(cursor, s.liveCursor ?? 0), liveFeed: [...arrived.slice(-FEED_SIZE).reverse(), ...s.liveFeed].slice(0, FEED_SIZE), liveVersions: versions };
    });
  }

  /** The newest events, to show in the feed at start; returns the cursor to follow from. */
  async function seed(): Promise<number> {
    const api = get().api!;
    const head = (await api.call('events.read', {})).next_cursor;
    const out = await api.call('events.read', { cursor: Math.max(0, head - FEED_SIZE), limit: FEED_SIZE });
    apply(out.events, head, false);
    return head;
  }

  function push(): () => void {
    const api = get().api!;
    let pending: LoggedEventView[] = [];
    let flush: ReturnType<typeof setTimeout> | null = null;
    let close: (() => void) | null = null;
    let stopped = false;
    const onEvent = (e: LoggedEventView) => {
      pending.push(e);
      flush ??= setTimeout(() => {
        flush = null;
        const batch = pending;
        pending = [];
        if (batch.length) apply(batch, batch[batch.length - 1].cursor, true);
      }, BATCH_MS);
    };
    const onStatus = (status: LiveStatus, detail?: string) => set({ liveStatus: status, liveError: status === 'down' ? (detail ?? 'the server is unreachable') : null });
    set({ liveStatus: 'connecting' });
    const start = (after: number | null) => {
      if (!stopped) close = api.live!.open(after, onEvent, onStatus);
    };
    seed().then(start, (err: unknown) => {
      onStatus('down', (err as Error).message || String(err));
      start(get().liveCursor);
    });
    return () => {
      stopped = true;
      close?.();
      if (flush) clearTimeout(flush);
    };
  }

  function poll(): () => void {
    let polling = false;
    const once = async () => {
      const api = get().api;
      if (!api || polling) return;
      polling = true;
      try {
        const known = get().liveCursor;
        if (known === null) {
          await seed();
        } else {
          let cursor = known;
          const arrived: LoggedEventView[] = [];
          for (let page = 0; page < MAX_PAGES; page++) {
            const out: LoggedEventPage = await api.call('events.read', { cursor, limit: PAGE });
            arrived.push(...out.events);
            cursor = out.next_cursor;
            if (out.events.length < PAGE) break;
          }
          apply(arrived, cursor, true);
        }
        set({ liveStatus: 'live', liveError: null });
      } catch (err) {
        set({ liveStatus: 'down', liveError: (err as Error).message || String(err) });
      } finally {
        polling = false;
      }
    };
    void once();
    const timer = setInterval(() => void once(), LIVE_POLL_MS);
    return () => clearInterval(timer);
  }

  return {
    liveCursor: null,
    liveFeed: [],
    liveVersions: {},
    liveError: null,
    liveStatus: 'idle',
    startLive() {
      subscribers++;
      if (subscribers === 1 && get().api) stopCurrent = get().api!.live ? push() : poll();
      let stopped = false;
      return () => {
        if (stopped) return;
        stopped = true;
        subscribers--;
        if (subscribers === 0 && stopCurrent) {
          stopCurrent();
          stopCurrent = null;
          set({ liveStatus: 'idle' });
        }
      };
    },
  };
};
