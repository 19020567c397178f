import type { CompiledMapping } from '../mapping/compile.js';
import type { ModuleContext } from '../plan/context.js';

/**
 * The module's mappings look up its own records (a parent account, a GL main account). Asked for
 * every record stored (`storeLink`): worked out once per list of mappings (a run's), not by
 * copying and scanning the lists each time.
 */
export function looksUpItself(ctx: ModuleContext): boolean {
  const known = selfLookups.get(ctx.mappings);
  if (known && known.lineMappings === ctx.lineMappings && known.module === ctx.def.module) {
    return known.value;
  }
  const value = [...ctx.mappings, ...(ctx.lineMappings ?? [])].some(
    (m) =>
      (m.transform?.kind === 'lookup' && m.transform.module === ctx.def.module) ||
      (m.transform?.kind === 'main_account' && ctx.def.module === 'GL_Accounts'),
  );
  selfLookups.set(ctx.mappings, { lineMappings: ctx.lineMappings, module: ctx.def.module, value });
  return value;
}

const selfLookups = new WeakMap<
  CompiledMapping[],
  { lineMappings: CompiledMapping[] | undefined; module: string; value: boolean }
>();
