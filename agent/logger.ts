import pino, { type Logger } from 'pino';

/** The agent's logger: JSON lines to stdout (the Windows service wrapper captures them). */
export function createAgentLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'sage100-agent' },
    redact: {
      paths: [
        'token',
        'AgentToken',
        '*.token',
        '*.AgentToken',
        'connectionString',
        '*.connectionString',
      ],
      censor: '[redacted]',
    },
  });
}
