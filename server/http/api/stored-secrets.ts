import type { SageConnection } from '../../db/repositories/sage-connections.js';

/**
 * Opens the connection's stored secrets before a check uses them. A secret that cannot be opened
 * then answers 409 naming it (the error handler maps SecretDecryptionError), instead of reaching
 * Sage with nothing and reporting a misleading logon failure.
 */
export function requireStoredSecrets(c: SageConnection): void {
  void c.password;
  void c.agentToken;
}
