// Session state: the API client, whether serve mode's token is missing or refused, and the current screen.
import type { StateCreator } from 'zustand';
import type { ApiClient } from '../api/index';
import type { StoreState } from './index';

export type AuthProblem = 'no_token' | 'rejected' | null;

export interface SessionSlice {
  api: ApiClient | null;
  authProblem: AuthProblem;
  /** The id of the view on screen (a views/registry entry), mirrored in location.hash as #/<id>. */
  route: string;
  setApi(api: ApiClient | null, problem?: AuthProblem): void;
  setAuthProblem(problem: AuthProblem): void;
  navigate(route: string): void;
}

export const createSessionSlice: StateCreator<StoreState, [], [], SessionSlice> = (set) => ({
  api: null,
  authProblem: null,
  route: 'posture',
  setApi: (api, problem = null) => set({ api, authProblem: problem }),
  setAuthProblem: (authProblem) => set({ authProblem }),
  navigate: (route) => set({ route }),
});
