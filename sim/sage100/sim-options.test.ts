import { describe, expect, it } from 'vitest';
import { CliUsageError, parseSageSimArgs } from './sim-options.js';

describe('parseSageSimArgs', () => {
  it("has defaults and reads every option; the agent endpoint's are kept for it", () => {
    expect(parseSageSimArgs([])).toMatchObject({
      port: 8100,
      host: '127.0.0.1',
      seed: 1,
      customers: 50,
      companyCode: 'ABC',
      lengthProfile: '2023',
      latencyMs: 0,
    });
    const o = parseSageSimArgs([
      '--port',
      '0',
      '--data',
      'c.json',
      '--company',
      'tst',
      '--length-profile',
      '2018',
      '--agent-port',
      '8101',
      '--latency-ms',
      '200',
      '--agent-latency-ms',
      '200',
    ]);
    expect(o).toMatchObject({
      port: 0,
      data: 'c.json',
      companyCode: 'TST',
      lengthProfile: '2018',
      latencyMs: 200,
      rest: { 'agent-port': '8101', 'agent-latency-ms': '200' },
    });
  });

  it('rejects bad values with a usage error', () => {
    expect(() => parseSageSimArgs(['--port', 'x'])).toThrow(CliUsageError);
    expect(() => parseSageSimArgs(['--length-profile', '2020'])).toThrow(/2018 or 2023/);
    expect(() => parseSageSimArgs(['--https-cert', 'a.pem'])).toThrow(/go together/);
    expect(() => parseSageSimArgs(['--latency-ms', '-5'])).toThrow(/--latency-ms expects/);
    expect(() => parseSageSimArgs(['--latency-ms', '60001'])).toThrow(/0\.\.60000/);
    // A mistyped option is refused, not ignored (the simulator would start without it).
    expect(() => parseSageSimArgs(['--latency', '200'])).toThrow('unknown option --latency');
    expect(() => parseSageSimArgs(['--no-agent', '--agnet-port', '1'])).toThrow(
      'unknown option --agnet-port',
    );
    expect(parseSageSimArgs(['--no-agent', '--agent-token', 'x']).rest).toEqual({
      'no-agent': true,
      'agent-token': 'x',
    });
  });
});
