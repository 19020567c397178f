import { describe, expect, it } from 'vitest';
import { AgentTransportError, agentHint } from './agent-errors.js';

describe('an unreachable agent says what to check', () => {
  it('names the service and the port for a refused connection', () => {
    expect(new AgentTransportError('sage01:8790', 'ECONNREFUSED').message).toBe(
      'the Sage agent at sage01:8790 cannot be reached (ECONNREFUSED): nothing answers on that port. ' +
        'Check that the Sage100Agent service is running on that machine and that the agent URL in the Sage settings names its port (default 8790)',
    );
  });

  it('points at the URL, the firewall, a proxy or the certificate by reason', () => {
    expect(agentHint('ENOTFOUND')).toBe(
      ': that host name does not resolve. Check the agent URL in the Sage settings',
    );
    expect(agentHint('EAI_AGAIN')).toBe(agentHint('ENOTFOUND'));
    for (const reason of ['ETIMEDOUT', 'ECONNABORTED', 'EHOSTUNREACH']) {
      expect(agentHint(reason)).toContain('Windows Firewall');
    }
    expect(agentHint('ECONNRESET')).toContain('proxy or firewall');
    for (const reason of [
      'SELF_SIGNED_CERT_IN_CHAIN',
      'DEPTH_ZERO_SELF_SIGNED_CERT',
      'CERT_HAS_EXPIRED',
    ]) {
      expect(agentHint(reason)).toContain('NODE_EXTRA_CA_CERTS');
    }
    expect(agentHint('HTTP 404')).toContain('something other than the agent');
  });

  it('adds nothing it cannot back for a reason it does not know', () => {
    expect(agentHint('HTTP 502')).toBe('');
    expect(new AgentTransportError('h', 'socket hang up').message).toBe(
      'the Sage agent at h cannot be reached (socket hang up)',
    );
  });
});
