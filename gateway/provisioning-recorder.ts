// Buffers provisioning-log entries and writes them in batches off the request path, so a SCIM
// write pays for an array push, not an INSERT. The buffer is flushed every 250 ms and on
// shutdown; a crash (SIGKILL) can lose at most that window of log entries, never a write.

import type { ProvisioningEntry, ProvisioningLogRepository } from '../db/repositories/provisioning-log.js';
import type { Logger } from './logger.js';

const flushEveryMs = 250;
const maxBuffered = 50_000;
const pruneEveryMs = 60 * 60 * 1000;

export interface ProvisioningRecorder {
  record(entry: ProvisioningEntry): void;
  flush(): Promise<void>;
  stop(): Promise<void>;
}

export function createProvisioningRecorder(repo: ProvisioningLogRepository, log: Logger, retentionDays: number): ProvisioningRecorder {
  let buffer: ProvisioningEntry[] = [];
  let flushing: Promise<void> = Promise.resolve();

  const flush = (): Promise<void> => {
    flushing = flushing.then(async () => {
      if (!buffer.length) return;
      const batch = buffer;
      buffer = [];
      try {
        await repo.append(batch);
      } catch (err) {
        log.error({ err, entries: batch.length }, 'provisioning log write failed; retrying with the next batch');
        if (buffer.length + batch.length <= maxBuffered) buffer = batch.concat(buffer);
      }
    });
    return flushing;
  };

  const prune = async () => {
    try {
      const cutoff = new Date(Date.now() - retentionDays * 86_400_000).toISOString();
      const removed = await repo.prune(cutoff);
      if (removed) log.info({ removed, cutoff }, 'provisioning log pruned');
    } catch (err) {
      log.warn({ err }, 'provisioning log pruning failed');
    }
  };

  const timer = setInterval(() => void flush(), flushEveryMs);
  const pruner = setInterval(() => void prune(), pruneEveryMs);
  timer.unref();
  pruner.unref();
  void prune();

  return {
    record(entry) {
      if (buffer.length < maxBuffered) buffer.push(entry);
    },
    flush,
    async stop() {
      clearInterval(timer);
      clearInterval(pruner);
      await flush();
    },
  };
}
