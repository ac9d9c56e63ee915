// The policies screen's state: filters, search and page of the list, the policy open in the drawer, and
// the editor (a new policy, or the open one's rules).
import type { StateCreator } from 'zustand';
import type { PolicyKind, PolicyStatus } from '@shared/contract/operations/policy-schemas';
import { DEFAULT_PAGE_SIZE, patchQuery } from './list-query';
import type { StoreState } from './index';

interface PolicyQuery { status?: PolicyStatus; kind?: PolicyKind; search?: string; limit: number; offset: number }

export interface PolicySlice {
  policyQuery: PolicyQuery;
  openPolicyId: string | null;
  /** 'new', or the id of the policy whose rules are being edited; null when the editor is closed. */
  policyEditor: string | null;
  setPolicyQuery(patch: Partial<PolicyQuery>): void;
  openPolicy(id: string | null): void;
  editPolicy(target: string | null): void;
}

export const createPolicySlice: StateCreator<StoreState, [], [], PolicySlice> = (set) => ({
  policyQuery: { limit: DEFAULT_PAGE_SIZE, offset: 0 },
  openPolicyId: null,
  policyEditor: null,
  setPolicyQuery: (patch) => set((s) => ({ policyQuery: patchQuery(s.policyQuery, patch) })),
  openPolicy: (openPolicyId) => set({ openPolicyId }),
  editPolicy: (policyEditor) => set({ policyEditor }),
});
