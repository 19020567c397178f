/**
 * `npm run pack`: builds the widget for the backend at WIDGET_BACKEND_URL (https), runs the pinned
 * ZET's `zet validate` and `zet pack`, and leaves the upload for Zoho's internal hosting in
 * `dist/sage100-sync.zip`. `zet validate` exits 0 even when it lists problems, so its output is
 * read: any "✖" line or "not allowed" fails the pack.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWidget } from '../widget/build.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const zet = path.join(root, 'node_modules', 'zoho-extension-toolkit', 'index.js');
export const PACKED = path.join(root, 'dist', 'sage100-sync.zip');

// ANSI colour codes wrap ZET's markers; drop them before reading.
const plain = (s: string) =>
  s.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), '');

/** Runs the pinned ZET in `project` (a folder with plugin-manifest.json and app/). */
export function runZet(command: 'validate' | 'pack', project: string): string {
  const out = execFileSync(process.execPath, [zet, command], {
    cwd: project,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  return plain(out);
}

/** The complaints in `zet validate` output: every "✖" line and the files listed under it. */
export function validateComplaints(output: string): string[] {
  const complaints: string[] = [];
  let inList = false;
  for (const line of output.split('\n').map((l) => l.trim())) {
    if (line.includes('\u2716') || /not allowed|exceed|invalid/i.test(line)) {
      complaints.push(line.replace('\u2716', '').trim());
      inList = true;
    } else if (inList && line.startsWith('==>')) complaints.push(line);
    else inList = false;
  }
  return complaints;
}

/**
 * Builds into a staging project (so a running sandbox or test keeps its own app/), validates,
 * packs, and copies the zip to `out`.
 */
export async function pack(
  backendUrl: string | undefined,
  out = PACKED,
  extra: (appDir: string) => void = () => undefined,
): Promise<string> {
  if (!backendUrl || !backendUrl.startsWith('https://')) {
    throw new Error(
      "set WIDGET_BACKEND_URL to the backend's public https URL (the widget calls it from Zoho)",
    );
  }
  const staging = path.join(
    fs.mkdtempSync(path.join(os.tmpdir(), 'sage100-pack-')),
    'sage100-sync',
  );
  try {
    fs.mkdirSync(staging);
    fs.copyFileSync(
      path.join(root, 'plugin-manifest.json'),
      path.join(staging, 'plugin-manifest.json'),
    );
    await buildWidget(backendUrl, path.join(staging, 'app'));
    extra(path.join(staging, 'app'));
    const complaints = validateComplaints(runZet('validate', staging));
    if (complaints.length > 0) {
      throw new Error(`zet validate complained:\n  ${complaints.join('\n  ')}`);
    }
    const packed = runZet('pack', staging);
    const zip = path.join(staging, 'dist', 'sage100-sync.zip');
    if (!fs.existsSync(zip)) throw new Error(`zet pack wrote no zip:\n${packed}`);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.copyFileSync(zip, out);
    return out;
  } finally {
    fs.rmSync(path.dirname(staging), { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const file = await pack(process.env.WIDGET_BACKEND_URL);
    process.stdout.write(
      `packed ${path.relative(root, file)}: upload it in Zoho's Developer Console\n`,
    );
  } catch (error) {
    process.stderr.write(`pack failed: ${(error as Error).message}\n`);
    process.exit(1);
  }
}
