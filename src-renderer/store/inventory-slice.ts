// Inventory screens' state: the filters, search and page of the device, user and workload lists, and the open device.
import type { StateCreator } from 'zustand';
import type { DeviceType, FirmwareStatus, TrustLevel, WorkloadKind } from '@shared/domain/enums';
import { DEFAULT_PAGE_SIZE, patchQuery } from './list-query';
import type { StoreState } from './index';

interface DeviceQuery { device_type?: DeviceType; firmware_status?: FirmwareStatus; trust_level?: TrustLevel; discovered?: boolean; search?: string; limit: number; offset: number }
interface UserQuery { mfa_enrolled?: boolean; search?: string; limit: number; offset: number }
interface WorkloadQuery { kind?: WorkloadKind; search?: string; limit: number; offset: number }

export interface InventorySlice {
  deviceQuery: DeviceQuery;
  userQuery: UserQuery;
  workloadQuery: WorkloadQuery;
  /** The device shown in the detail drawer. */
  openDeviceId: string | null;
  setDeviceQuery(patch: Partial<DeviceQuery>): void;
  setUserQuery(patch: Partial<UserQuery>): void;
  setWorkloadQuery(patch: Partial<WorkloadQuery>): void;
  openDevice(id: string | null): void;
  /** The user shown in the detail drawer. */
  openUserId: string | null;
  openUser(id: string | null): void;
}

const first = { limit: DEFAULT_PAGE_SIZE, offset: 0 };

export const createInventorySlice: StateCreator<StoreState, [], [], InventorySlice> = (set) => ({
  deviceQuery: { ...first },
  userQuery: { ...first },
  workloadQuery: { ...first },
  openDeviceId: null,
  setDeviceQuery: (patch) => set((s) => ({ deviceQuery: patchQuery(s.deviceQuery, patch) })),
  setUserQuery: (patch) => set((s) => ({ userQuery: patchQuery(s.userQuery, patch) })),
  setWorkloadQuery: (patch) => set((s) => ({ workloadQuery: patchQuery(s.workloadQuery, patch) })),
  openDevice: (openDeviceId) => set({ openDeviceId }),
  openUserId: null,
  openUser: (openUserId) => set({ openUserId }),
});
