import fs from 'node:fs';

/**
 * A measured figure against its target. Each benchmark records what it measured; `npm run bench`
 * (bench/run.ts) collects them from every benchmark process into one summary table and exits
 * non-zero when any target was missed.
 */
export interface BenchResult {
  bench: string;
  measure: string;
  value: number;
  unit: string;
  target: string;
  met: boolean;
}

/** Records a figure that must be at least (`min`) or at most (`max`) its target. */
export function expectTarget(
  measure: string,
  value: number,
  unit: string,
  goal: { min: number } | { max: number },
): BenchResult {
  const met = 'min' in goal ? value >= goal.min : value <= goal.max;
  const target = 'min' in goal ? `>= ${goal.min}` : `<= ${goal.max}`;
  const result: BenchResult = {
    bench: process.env.BENCH_NAME ?? process.argv[1] ?? 'bench',
    measure,
    value: Math.round(value * 100) / 100,
    unit,
    target,
    met,
  };
  const file = process.env.BENCH_RESULTS;
  if (file) fs.appendFileSync(file, `${JSON.stringify(result)}\n`);
  process.stdout.write(
    `  ${met ? 'ok    ' : 'MISSED'} ${measure}: ${result.value} ${unit} (target ${target})\n`,
  );
  return result;
}
