import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOrCreateKeyFile } from './key-file.js';
import { SecretBox, SecretDecryptionError } from './secret-box.js';

const key = crypto.randomBytes(32);

describe('SecretBox', () => {
  it('round-trips and never contains the plaintext', () => {
    const box = new SecretBox('k1', key);
    const sealed = box.seal('hunter2-sage-password');
    expect(sealed).not.toContain('hunter2');
    expect(sealed.startsWith('enc:v1:k1:')).toBe(true);
    expect(box.open(sealed)).toBe('hunter2-sage-password');
    expect(box.seal('x')).not.toBe(box.seal('x'));
  });

  it('rejects a tampered ciphertext with a typed error', () => {
    const box = new SecretBox('k1', key);
    const parts = box.seal('secret').split(':');
    const ct = Buffer.from(parts[5]!, 'base64url');
    ct[0] = ct[0]! ^ 0xff;
    parts[5] = ct.toString('base64url');
    const error = (() => {
      try {
        box.open(parts.join(':'));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(SecretDecryptionError);
    expect((error as SecretDecryptionError).reason).toBe('tampered');
  });

  it('rejects malformed values and unknown keys', () => {
    const box = new SecretBox('k1', key);
    expect(() => box.open('plaintext')).toThrow(SecretDecryptionError);
    const other = new SecretBox('k9', crypto.randomBytes(32));
    expect(() => box.open(other.seal('x'))).toThrow(/key "k9"/);
  });

  it('opens values sealed with a previous key after rotation', () => {
    const oldBox = new SecretBox('old', key);
    const sealed = oldBox.seal('refresh-token');
    const newBox = new SecretBox('new', crypto.randomBytes(32), new Map([['old', key]]));
    expect(newBox.open(sealed)).toBe('refresh-token');
    expect(newBox.needsReseal(sealed)).toBe(true);
    expect(newBox.needsReseal(newBox.seal('x'))).toBe(false);
  });

  it('rejects a value whose key id was swapped', () => {
    const box = new SecretBox('a', key, new Map([['b', key]]));
    const swapped = box.seal('x').replace('enc:v1:a:', 'enc:v1:b:');
    expect(() => box.open(swapped)).toThrow(/tampered/);
  });
});

describe('loadOrCreateKeyFile', () => {
  it('creates a key once and reuses it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keyfile-'));
    const first = loadOrCreateKeyFile(dir);
    const second = loadOrCreateKeyFile(dir);
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(second.key.equals(first.key)).toBe(true);
    expect(fs.statSync(first.file).mode & 0o777).toBe(0o600);
  });
});
