import type {
  ConflictPolicy,
  DeletePolicy,
  Direction,
  ModuleName,
  Schedule,
} from '../vocabulary.js';

/** A tenant's saved choices for one module. A run never changes them (its options are its own). */

export interface ModuleSettings {
  tenantId: string;
  module: ModuleName;
  direction: Direction;
  schedule: Schedule;
  conflictPolicy: ConflictPolicy;
  conflictToleranceSeconds: number;
  deletePolicy: DeletePolicy;
  deleteBrakePercent: number;
  filterMatch: 'all' | 'any';
  initialMatchDone: boolean;
}
