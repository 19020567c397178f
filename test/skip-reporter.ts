import path from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';

/**
 * Names every skipped test at the end of a run, with the reason its suite title carries
 * (test/requirements.ts), so a machine without Postgres or ODBC never drops tests silently.
 */
export default class SkipReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const bySuite = new Map<string, number>();
    for (const module of testModules) {
      const file = path.relative(process.cwd(), module.moduleId);
      for (const test of module.children.allTests()) {
        if (test.result().state !== 'skipped') continue;
        const suite = test.parent.type === 'suite' ? test.parent.fullName : test.fullName;
        const key = `${file} > ${suite}`;
        bySuite.set(key, (bySuite.get(key) ?? 0) + 1);
      }
    }
    const total = [...bySuite.values()].reduce((a, b) => a + b, 0);
    if (total === 0) {
      process.stdout.write('\nNo tests skipped.\n');
      return;
    }
    const lines = [...bySuite].map(([suite, n]) => `  ${n} × ${suite}`);
    process.stdout.write(`\nSkipped ${total} tests:\n${lines.join('\n')}\n`);
  }
}
