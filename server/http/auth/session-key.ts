import type { Config } from '../../config.js';
import { loadOrCreateKeyFile } from '../../security/key-file.js';
import { deriveSessionKey } from './session-token.js';

/** SESSION_SIGNING_KEY when set, else a key derived from the app's secret key (or its key file). */
export function sessionSigningKey(config: Pick<Config, 'auth' | 'secrets' | 'dataDir'>): Buffer {
  if (config.auth.sessionKey) return config.auth.sessionKey;
  return deriveSessionKey(config.secrets.key ?? loadOrCreateKeyFile(config.dataDir).key);
}
