/**
 * SQL text the ProvideX ODBC driver accepts: one table per SELECT (no JOINs), ODBC date escapes
 * ({d 'YYYY-MM-DD'}), literals inline. ProvideX's support for parameter markers varies by driver
 * version, so values are written as quoted literals; every identifier comes from the agent's own
 * table catalogue and is checked, and every value is checked or quoted here.
 */

const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]*$/;

export class UnsafeSqlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsafeSqlError';
  }
}

export function identifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new UnsafeSqlError(`not a Sage column or table name: ${name}`);
  return name;
}

/** A string literal: single quotes doubled; control characters refused. */
export function stringLiteral(value: string): string {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f]/.test(value)) throw new UnsafeSqlError('control character in a key value');
  return `'${value.replace(/'/g, "''")}'`;
}

/** A YYYYMMDD date as an ODBC date escape. */
export function dateEscape(yyyymmdd: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(yyyymmdd);
  if (!m) throw new UnsafeSqlError(`not a YYYYMMDD date: ${yyyymmdd}`);
  return `{d '${m[1]}-${m[2]}-${m[3]}'}`;
}

export function selectUpdatedOn(table: string, yyyymmdd: string): string {
  return `SELECT * FROM ${identifier(table)} WHERE DateUpdated = ${dateEscape(yyyymmdd)}`;
}

/**
 * The rows of a day stamped from `hours` on. TimeUpdated is text ("9.5", "14.50833"), so the
 * condition is built from text ranges that hold for hours written with one or two digits: the
 * one-digit hours from H to 9 sort between 'H' and ':', the teens between '1x' and '2', the
 * twenties between '2x' and '3' ("2.5" sorts before "20": '.' < '0'). It starts at the whole hour
 * and keeps anything else unusual (blank, NULL, a leading space or zero), so it returns a superset
 * and the agent filters by the exact number.
 */
export function selectUpdatedFrom(table: string, yyyymmdd: string, hours: number): string {
  if (!(hours > 0) || hours >= 24) return selectUpdatedOn(table, yyyymmdd);
  const hour = Math.floor(hours);
  const time = identifier('TimeUpdated');
  const ranges = [`${time} IS NULL`, `${time} < '1'`];
  if (hour <= 9) ranges.push(`(${time} >= '${hour}' AND ${time} < ':')`);
  if (hour <= 19) ranges.push(`(${time} >= '${Math.max(hour, 10)}' AND ${time} < '2')`);
  ranges.push(`(${time} >= '${Math.max(hour, 20)}' AND ${time} < '3')`);
  return `${selectUpdatedOn(table, yyyymmdd)} AND (${ranges.join(' OR ')})`;
}

export function selectNeverUpdated(table: string): string {
  return `SELECT * FROM ${identifier(table)} WHERE DateUpdated IS NULL`;
}

export function selectUpdatedAfter(table: string, yyyymmdd: string): string {
  return (
    `SELECT * FROM ${identifier(table)} WHERE DateUpdated > ${dateEscape(yyyymmdd)}` +
    ` ORDER BY DateUpdated`
  );
}

/** How many rows were updated after the date (NEVER_STAMPED: every stamped row). */
export function countUpdatedAfter(table: string, yyyymmdd: string | undefined): string {
  const where =
    yyyymmdd === undefined ? 'DateUpdated IS NOT NULL' : `DateUpdated > ${dateEscape(yyyymmdd)}`;
  return `SELECT COUNT(*) AS N FROM ${identifier(table)} WHERE ${where}`;
}

export function selectAllStamped(table: string): string {
  return `SELECT * FROM ${identifier(table)} WHERE DateUpdated IS NOT NULL ORDER BY DateUpdated`;
}

export function selectWhere(table: string, equals: Readonly<Record<string, string>>): string {
  const conditions = Object.entries(equals).map(
    ([column, value]) => `${identifier(column)} = ${stringLiteral(value)}`,
  );
  if (conditions.length === 0) throw new UnsafeSqlError('a lookup needs at least one column');
  return `SELECT * FROM ${identifier(table)} WHERE ${conditions.join(' AND ')}`;
}

/**
 * Rows in primary-key order after a key, as a keyset condition ProvideX can serve from the
 * table's KPRIMARY index: (A > a) OR (A = a AND B > b) OR ...
 */
export function selectInKeyOrder(
  table: string,
  keyColumns: readonly string[],
  afterKey: readonly string[] | undefined,
): string {
  const order = keyColumns.map(identifier).join(', ');
  if (!afterKey || afterKey.length === 0) {
    return `SELECT * FROM ${identifier(table)} ORDER BY ${order}`;
  }
  const branches = afterKey.map((_, i) => {
    const equal = afterKey
      .slice(0, i)
      .map((value, j) => `${identifier(keyColumns[j] ?? '')} = ${stringLiteral(value)}`);
    const greater = `${identifier(keyColumns[i] ?? '')} > ${stringLiteral(afterKey[i] ?? '')}`;
    return equal.length ? `(${[...equal, greater].join(' AND ')})` : greater;
  });
  return `SELECT * FROM ${identifier(table)} WHERE ${branches.join(' OR ')} ORDER BY ${order}`;
}
