// `node --import ./test/hide-odbc.mjs ...`: makes the optional `odbc` package unresolvable, as on a
// machine without unixODBC, so tests can check what the agent and the suite do there. Vitest
// resolves bare names itself and imports the file path, so resolved paths are refused too.
import { register } from 'node:module';

const hook = `export async function resolve(specifier, context, next) {
  const refuse = () => {
    const error = new Error("Cannot find package 'odbc' (hidden by test/hide-odbc.mjs)");
    error.code = 'ERR_MODULE_NOT_FOUND';
    throw error;
  };
  if (specifier === 'odbc') refuse();
  const resolved = await next(specifier, context);
  if (/[\\\\/]node_modules[\\\\/]odbc[\\\\/]/.test(resolved.url)) refuse();
  return resolved;
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`);
