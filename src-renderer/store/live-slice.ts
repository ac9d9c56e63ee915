// Live updates: polls events.read from the last cursor every 2 s (works the same over IPC and HTTP),
// keeps a short feed of the newest events, and counts new events per type so screens reload only the
// data an event touched. Polling runs while at least one screen asks for it.
import type { StateCreator } from 'zustand';
import type { OpOutput } from '@shared/contract/index';
import type { LoggedEventView } from '@shared/contract/operations/events-read';
import type { EventType } from '@shared/domain/enums';
import type { StoreState } from './index';

export const LIVE_POLL_MS = 2000;
const FEED_SIZE = 40;
const PAGE = 500;
/** Pages read per poll: a large ingest's backlog is caught up over a few polls instead of one long one. */
const MAX_PAGES = 6;
type LoggedEventPage = OpOutput<'events.read'>;

export interface LiveSlice {
  /** Where the next poll reads from; null before the first poll. */
  liveCursor: number | null;
  /** Newest first. */
  liveFeed: LoggedEventView[];
  /** Bumped for each event type that arrived since the screen loaded: screens reload on a change. */
  liveVersions: Partial<Record<EventType, number>>;
  liveError: string | null;
  /** Starts polling (shared by every caller); returns the function that stops this caller's interest. */
  startLive(): () => void;
}

let subscribers = 0;
let timer: ReturnType<typeof setInterval> | null = null;
let polling = false;

export const createLiveSlice: StateCreator<StoreState, [], [], LiveSlice> = (set, get) => {
  async function poll(): Promise<void> {
    const api = get().api;
    if (!api || polling) return;
    polling = true;
    try {
      const known = get().liveCursor;
      const first = known === null;
      // The first poll seeds the feed with the newest events, without counting them as changes.
      let cursor: number = known ?? Math.max(0, (await api.call('events.read', {})).next_cursor - FEED_SIZE);
      const arrived: LoggedEventView[] = [];
      for (let page = 0; page < MAX_PAGES; page++) {
        const out: LoggedEventPage = await api.call('events.read', { cursor, limit: PAGE });
        arrived.push(...out.events);
        cursor = out.next_cursor;
        if (out.events.length < PAGE) break;
      }
      set((s) => {
        const versions = { ...s.liveVersions };
        if (!first) for (const e of arrived) versions[e.event_type] = (versions[e.event_type] ?? 0) + 1;
        return { liveCursor: cursor, liveFeed: [...arrived.slice(-FEED_SIZE).reverse(), ...s.liveFeed].slice(0, FEED_SIZE), liveVersions: versions, liveError: null };
      });
    } catch (err) {
      set({ liveError: (err as Error).message || String(err) });
    } finally {
      polling = false;
    }
  }

  return {
    liveCursor: null,
    liveFeed: [],
    liveVersions: {},
    liveError: null,
    startLive() {
      subscribers++;
      if (subscribers === 1) {
        void poll();
        timer = setInterval(() => void poll(), LIVE_POLL_MS);
      }
      let stopped = false;
      return () => {
        if (stopped) return;
        stopped = true;
        subscribers--;
        if (subscribers === 0 && timer) {
          clearInterval(timer);
          timer = null;
        }
      };
    },
  };
};
