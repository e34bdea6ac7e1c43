// Structured JSON logs (pino). Secrets never reach a log line: the Authorization header is
// redacted and requests are logged by token label, not value.

import { pino, type Logger } from 'pino';

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: undefined,
    redact: { paths: ['req.headers.authorization', 'headers.authorization', 'token', 'secret'], censor: '[redacted]' },
  });
}

export type { Logger };
