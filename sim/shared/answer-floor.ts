import type http from 'node:http';

/**
 * A simulator's steady latency as a floor on its answer time (ADR 0071 for eBWS, ADR 0075 for
 * the agent and Zoho): the call is carried out as it arrives and its answer leaves no sooner than
 * `due` (a performance.now() instant), or when the work is done if that is later. A real server's
 * ~200 ms holds its own work; added on top, the simulator's CPU would count twice.
 * The whole answer is held, its body as well as its end: node-soap writes the body with write()
 * and then calls end(), and a client reading the body as it arrives (the agent's PageEnd, ADR
 * 0081) must not see its first bytes before the latency.
 * `onWorkDone` is told how long the work took, from `arrived` to the answer's first write or end
 * call, so a benchmark can show the simulators' own time next to the latency it hides in.
 */
export function answerNoSoonerThan(
  res: http.ServerResponse,
  due: number,
  options: { arrived?: number; onWorkDone?: (ms: number) => void } = {},
): void {
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => http.ServerResponse;
  let held: Array<() => void> | undefined;
  let released = false;
  const hold = (send: () => void) => {
    if (released) {
      send();
      return;
    }
    if (!held) {
      held = [];
      const at = performance.now();
      if (options.arrived !== undefined) options.onWorkDone?.(at - options.arrived);
      const wait = due - at;
      if (wait <= 0) {
        released = true;
        send();
        return;
      }
      // A timer may fire up to a millisecond before the instant asked for (libuv counts whole ms
      // from the loop's cached time): it fires again for what is left, so the floor holds.
      const release = () => {
        const left = due - performance.now();
        if (left > 0) {
          setTimeout(release, Math.ceil(left));
          return;
        }
        released = true;
        for (const next of held!) next();
      };
      setTimeout(release, Math.ceil(wait));
    }
    held.push(send);
  };
  res.write = ((...args: unknown[]) => {
    hold(() => write(...args));
    return true;
  }) as typeof res.write;
  res.end = ((...args: unknown[]) => {
    hold(() => end(...args));
    return res;
  }) as typeof res.end;
}
