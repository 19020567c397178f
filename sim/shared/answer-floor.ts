import type http from 'node:http';

/**
 * A simulator's steady latency as a floor on its answer time (ADR 0071 for eBWS, ADR 0075 for
 * the agent and Zoho): the call is carried out as it arrives and its answer leaves no sooner than
 * `due` (a performance.now() instant), or when the work is done if that is later. A real server's
 * ~200 ms holds its own work; added on top, the simulator's CPU would count twice.
 * `onWorkDone` is told how long the work took, from `arrived` to the answer's first end call, so
 * a benchmark can show the simulators' own time next to the latency it hides in.
 */
export function answerNoSoonerThan(
  res: http.ServerResponse,
  due: number,
  options: { arrived?: number; onWorkDone?: (ms: number) => void } = {},
): void {
  const end = res.end.bind(res) as (...args: unknown[]) => http.ServerResponse;
  let told = false;
  res.end = ((...args: unknown[]) => {
    const at = performance.now();
    if (!told && options.arrived !== undefined) {
      told = true;
      options.onWorkDone?.(at - options.arrived);
    }
    const wait = due - at;
    if (wait <= 0) return end(...args);
    setTimeout(() => end(...args), wait);
    return res;
  }) as typeof res.end;
}
