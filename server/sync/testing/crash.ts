/**
 * A simulated process death, thrown by a test's step hook (`EngineDeps.onStep`). The engine does
 * not know this class: whatever the hook throws stops the run where it is (`StepInterrupted`).
 */
export class CrashError extends Error {
  constructor(message = 'crash injected') {
    super(message);
    this.name = 'CrashError';
  }
}
