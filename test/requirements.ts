import fs from 'node:fs';
import { describe } from 'vitest';
import { loadOdbc } from '../agent/odbc-driver.js';

/**
 * What a test needs from the machine, and why it is skipped without it. A skipped suite carries
 * the reason in its title, so `npm test` names every skip (test/skip-reporter.ts lists them) and
 * `.ci/run`, which installs everything, fails on any.
 */
export interface Requirement {
  /** Why the requirement is not met on this machine; undefined when it is. */
  missing: string | undefined;
}

const postgresMissing = process.env.TEST_DATABASE_URL
  ? undefined
  : 'TEST_DATABASE_URL is not set (Postgres tests run only against a database you name)';

export const postgres: Requirement = { missing: postgresMissing };

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's Chromium, which the widget's browser tests drive through playwright-core. */
export const chromium: Requirement = {
  missing: fs.existsSync(CHROMIUM_PATH)
    ? undefined
    : `Chromium is not installed at ${CHROMIUM_PATH} (apt-get install chromium; .ci/run does)`,
};

async function probeOdbc(): Promise<string | undefined> {
  let odbc;
  try {
    odbc = await loadOdbc();
  } catch {
    return 'the optional odbc package is not installed (needs unixODBC: apt-get install unixodbc-dev, then npm install)';
  }
  try {
    const connection = await odbc.connect('Driver=SQLite3;Database=:memory:');
    await connection.close();
    return undefined;
  } catch (error) {
    return `the SQLite ODBC driver does not connect (apt-get install libsqliteodbc): ${String(error)}`;
  }
}

let odbcProbe: Promise<string | undefined> | undefined;

/** ODBC with the SQLite3 driver, as the agent's tests reach their SQLite company. */
export async function odbc(): Promise<Requirement> {
  odbcProbe ??= probeOdbc();
  return { missing: await odbcProbe };
}

/** `describe`, or `describe.skip` with the reason in the title when a requirement is missing. */
export function describeWith(requirements: Requirement[], title: string, body: () => void): void {
  const missing = requirements.map((r) => r.missing).filter((m): m is string => !!m);
  if (missing.length === 0) describe(title, body);
  else describe.skip(`${title} [skipped: ${missing.join('; ')}]`, body);
}

export type Engine = 'sqlite' | 'postgres';

/**
 * One suite per storage engine: SQLite always runs; the Postgres suite is skipped, by name and
 * with its reason, when TEST_DATABASE_URL is not set.
 */
export function describeEngines(title: string, body: (engine: Engine) => void): void {
  for (const engine of ['sqlite', 'postgres'] as const) {
    describeWith(engine === 'postgres' ? [postgres] : [], title.replace('%s', engine), () =>
      body(engine),
    );
  }
}
