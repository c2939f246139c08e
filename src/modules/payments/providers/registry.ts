/**
 * A registry of factories by id (STYLE §5). The default instance is filled in providers.ts; tests
 * create their own. Duplicate or malformed ids are programming errors.
 */
export interface Registry<T> {
  register(id: string, item: T): void;
  get(id: string): T | undefined;
  ids(): string[];
}

const ID = /^[a-z][a-z0-9_-]{1,31}$/;

export function createRegistry<T>(): Registry<T> {
  const items = new Map<string, T>();
  return {
    register(id, item) {
      if (!ID.test(id)) throw new Error(`invalid provider id "${id}" (lowercase, 2–32 characters)`);
      if (items.has(id)) throw new Error(`provider "${id}" registered twice`);
      items.set(id, item);
    },
    get: (id) => items.get(id),
    ids: () => [...items.keys()],
  };
}
