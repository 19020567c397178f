import fs from 'node:fs';
import type { Config } from '../config.js';
import type { Logger } from '../logging.js';
import type { SageClientOptions } from './ebws-client.js';

/** Client options from the configuration: timeout, retry policy and any private CA (read once). */
export function ebwsClientOptions(config: Config['sageEbws'], logger: Logger): SageClientOptions {
  return {
    logger,
    timeoutMs: config.timeoutMs,
    retry: config.retry,
    ca: config.caFile ? fs.readFileSync(config.caFile, 'utf8') : undefined,
  };
}
