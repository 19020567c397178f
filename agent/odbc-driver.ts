/**
 * The part of the optional `odbc` package the agent uses, declared here so that building and
 * type-checking never need the package (it compiles against unixODBC, which many machines lack).
 * The package is loaded at run time only, by `loadOdbc()`.
 */
export interface OdbcColumn {
  name: string;
  dataType: number;
}
export type OdbcResult = Array<Record<string, unknown>> & { columns: OdbcColumn[] };
export interface OdbcCursor {
  fetch(): Promise<OdbcResult>;
  noData: boolean;
  close(): Promise<void>;
}
export interface OdbcConnection {
  query(sql: string): Promise<OdbcResult>;
  query(sql: string, options: { cursor: true; fetchSize: number }): Promise<OdbcCursor>;
  close(): Promise<void>;
}
export interface OdbcPool {
  connect(): Promise<OdbcConnection>;
  close(): Promise<void>;
}
export interface OdbcModule {
  connect(connectionString: string): Promise<OdbcConnection>;
  pool(options: {
    connectionString: string;
    initialSize?: number;
    maxSize?: number;
    connectionTimeout?: number;
    loginTimeout?: number;
  }): Promise<OdbcPool>;
}

export class OdbcUnavailableError extends Error {
  constructor(cause: unknown) {
    super(
      'ODBC is not available: the optional odbc package is not installed or did not build ' +
        '(on Linux it needs unixODBC: apt-get install unixodbc-dev, then npm install odbc; ' +
        'on Windows npm install odbc). The agent reads Sage 100 only through ODBC. ' +
        `Cause: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
    this.name = 'OdbcUnavailableError';
  }
}

// A variable module name keeps TypeScript from resolving (and requiring) the optional package.
const PACKAGE = 'odbc';

let loaded: Promise<OdbcModule> | undefined;

/** Loads the `odbc` package, or throws OdbcUnavailableError saying how to install it. */
export function loadOdbc(): Promise<OdbcModule> {
  loaded ??= (async () => {
    try {
      const mod = (await import(PACKAGE)) as { default?: OdbcModule } & Partial<OdbcModule>;
      const odbc = mod.default ?? (mod as OdbcModule);
      if (typeof odbc.connect !== 'function') throw new Error('odbc has no connect()');
      return odbc;
    } catch (error) {
      loaded = undefined;
      throw new OdbcUnavailableError(error);
    }
  })();
  return loaded;
}
