import {
  SecretDecryptionError,
  type SecretBox,
  type StoredSecret,
} from '../../security/secret-box.js';

/**
 * Puts a sealed secret on a record as a property that opens on first read. A record whose
 * secret cannot be opened (sealed with a key this process lacks) still loads: everything that
 * does not need the secret (views, a save that replaces it, a disconnect) works, and whatever
 * reads it gets a SecretDecryptionError naming which secret to re-enter.
 */
export function defineSecret<T extends object>(
  record: T,
  property: string,
  sealed: string,
  box: SecretBox,
  secret: StoredSecret,
  unreadable: StoredSecret[],
): void {
  let value: string | undefined;
  let error: SecretDecryptionError | undefined;
  try {
    value = box.open(sealed);
  } catch (err) {
    if (!(err instanceof SecretDecryptionError)) throw err;
    error = err.of(secret);
    unreadable.push(secret);
  }
  Object.defineProperty(record, property, {
    enumerable: true,
    get() {
      if (error) throw error;
      return value;
    },
  });
}
