import crypto from 'node:crypto';

/** The stored secrets an admin or operator can re-enter, named so an answer can say which. */
export type StoredSecret = 'sage_password' | 'sage_agent_token' | 'zoho_refresh_token';

/** A stored secret could not be opened: tampered, truncated, or sealed with an unknown key. */
export class SecretDecryptionError extends Error {
  constructor(
    readonly reason: 'malformed' | 'unknown-key' | 'tampered',
    readonly keyId?: string,
    /** Which stored secret it was, when the repository that opened it knows. */
    readonly secret?: StoredSecret,
  ) {
    super(
      reason === 'unknown-key'
        ? `secret was sealed with key "${keyId}", which is not configured (SECRET_KEYS_PREVIOUS)`
        : `secret cannot be decrypted: ${reason}`,
    );
    this.name = 'SecretDecryptionError';
  }

  /** The same failure, naming the secret. */
  of(secret: StoredSecret): SecretDecryptionError {
    return new SecretDecryptionError(this.reason, this.keyId, secret);
  }
}

const PREFIX = 'enc:v1';

/**
 * AES-256-GCM envelope for secrets at rest. Each sealed value names the key that sealed it, so the
 * current key can rotate while values sealed with a previous key still open (and get resealed).
 * Format: `enc:v1:<keyId>:<iv>:<tag>:<ciphertext>`, base64url parts.
 */
export class SecretBox {
  private readonly keys: Map<string, Buffer>;

  constructor(
    private readonly currentKeyId: string,
    currentKey: Buffer,
    previous: Map<string, Buffer> = new Map(),
  ) {
    if (currentKey.length !== 32) throw new Error('SecretBox needs a 32-byte key');
    this.keys = new Map(previous);
    this.keys.set(currentKeyId, currentKey);
  }

  seal(plaintext: string): string {
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.key(this.currentKeyId), iv);
    // The key id is bound as associated data: moving a value to another key id breaks it.
    cipher.setAAD(Buffer.from(this.currentKeyId));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const parts = [iv, cipher.getAuthTag(), ciphertext].map((b) => b.toString('base64url'));
    return [PREFIX, this.currentKeyId, ...parts].join(':');
  }

  open(sealed: string): string {
    const parts = sealed.split(':');
    if (parts.length !== 6 || `${parts[0]}:${parts[1]}` !== PREFIX) {
      throw new SecretDecryptionError('malformed');
    }
    const [, , keyId, iv, tag, ciphertext] = parts as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const key = this.keys.get(keyId);
    if (!key) throw new SecretDecryptionError('unknown-key', keyId);
    try {
      const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(keyId));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      const plain = Buffer.concat([
        decipher.update(Buffer.from(ciphertext, 'base64url')),
        decipher.final(),
      ]);
      return plain.toString('utf8');
    } catch {
      throw new SecretDecryptionError('tampered');
    }
  }

  /** True when the value was sealed with an older key and should be resealed. */
  needsReseal(sealed: string): boolean {
    return sealed.split(':')[2] !== this.currentKeyId;
  }

  private key(id: string): Buffer {
    const key = this.keys.get(id);
    if (!key) throw new SecretDecryptionError('unknown-key', id);
    return key;
  }
}
