// One-at-a-time per key inside this process. PATCH is read → apply → write with a version
// check; without this, N parallel PATCHes of one user (Entra runs requests in parallel) make
// N−1 of them redo their work, and under enough contention some run out of retries. Other
// instances are still handled by the version check and retry.

export interface KeyedLock {
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
}

export function createKeyedLock(): KeyedLock {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run(key, task) {
      const previous = tails.get(key) ?? Promise.resolve();
      const result = previous.then(task, task);
      const tail = result.catch(() => undefined);
      tails.set(key, tail);
      // The last one out removes the entry, so the map only holds keys with work in flight.
      void tail.then(() => { if (tails.get(key) === tail) tails.delete(key); });
      return result;
    },
  };
}
