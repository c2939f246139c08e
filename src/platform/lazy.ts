/**
 * A value computed on first use and kept for the process (ADR 0045): only for data read from files that
 * ship with the code (fonts, rate tables, process definitions, a fixed timing hash), which is the same for
 * every app in the process. Never for wiring, configuration or data of one app or database: those are
 * passed in (app.deps, the module definition, the command context).
 */
export function lazy<T>(load: () => T): () => T {
  let cell: { value: T } | undefined;
  return () => (cell ??= { value: load() }).value;
}

/** The same for an asynchronous load; a failed load is not kept (the next call tries again). */
export function lazyAsync<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () =>
    (pending ??= load().catch((err: unknown) => {
      pending = undefined;
      throw err;
    }));
}
