import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { pack, validateComplaints } from '../../scripts/pack.js';

/** Entries of a zip file, read from its central directory (names and inflated contents). */
function readZip(file: string): Map<string, Buffer> {
  const buf = fs.readFileSync(file);
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('not a zip');
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const entries = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    const method = buf.readUInt16LE(at + 10);
    const size = buf.readUInt32LE(at + 20);
    const nameLength = buf.readUInt16LE(at + 28);
    const extra = buf.readUInt16LE(at + 30);
    const comment = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const localData = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(localData, localData + size);
    if (!name.endsWith('/')) entries.set(name, method === 8 ? zlib.inflateRawSync(raw) : raw);
    at += 46 + nameLength + extra + comment;
  }
  return entries;
}

describe('npm run pack', () => {
  it('yields a zip zet validate accepts, with each location, its bundle, styles and translations', async () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pack-test-')), 'widget.zip');
    await pack('https://sync.example.com', out);
    const entries = readZip(out);
    const names = [...entries.keys()].sort();
    expect(names).toEqual([
      'app/css/settings.css',
      'app/css/status.css',
      'app/css/sync.css',
      'app/js/settings.js',
      'app/js/status.js',
      'app/js/sync.js',
      'app/settings.html',
      'app/status.html',
      'app/sync.html',
      'app/translations/en.json',
    ]);
    const html = entries.get('app/sync.html')!.toString();
    expect(html).toContain('<meta name="sage100-sync-backend" content="https://sync.example.com">');
    expect(html).toContain('<script src="js/sync.js"></script>');
    expect(html).not.toContain('type="module"');
    expect(entries.get('app/js/sync.js')!.toString()).toMatch(/^\(function\(\)\{/);
    expect(JSON.parse(entries.get('app/translations/en.json')!.toString())['sync.button']).toBe(
      'Sync to Sage',
    );
    fs.rmSync(path.dirname(out), { recursive: true, force: true });
  }, 120_000);

  it('fails when zet validate lists a file it does not allow, and without an https backend', async () => {
    const out = path.join(os.tmpdir(), `pack-refused-${process.pid}.zip`);
    await expect(
      pack('https://sync.example.com', out, (app) =>
        fs.writeFileSync(path.join(app, 'js', 'sync.js.map'), '{}'),
      ),
    ).rejects.toThrow(/zet validate complained:[\s\S]*not allowed[\s\S]*app\/js\/sync\.js\.map/);
    expect(fs.existsSync(out)).toBe(false);
    await expect(pack(undefined, out)).rejects.toThrow(/WIDGET_BACKEND_URL/);
    await expect(pack('http://127.0.0.1:3000', out)).rejects.toThrow(/https/);
  }, 120_000);

  it('reads the complaints out of validate output that still ends in "passed"', () => {
    const output = [
      '\u2716 Below file formats are not allowed in Sigma',
      ' ==> app/js/x.map',
      'Note - File formats that can be packed are: txt, md',
      'Validation Rules passed successfully.',
    ].join('\n');
    expect(validateComplaints(output)).toEqual([
      'Below file formats are not allowed in Sigma',
      '==> app/js/x.map',
    ]);
    expect(validateComplaints('Validation Rules passed successfully.\n')).toEqual([]);
  });
});
