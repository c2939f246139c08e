/**
 * A registry of providers by id (STYLE §5): file stores, payment providers. Tests create their own.
 * Duplicate or malformed ids are programming errors.
 */
export interface Registry<T> {
  register(id: string, item: T): void;
  /** The entry, or undefined for an unknown id (the caller words the configuration error). */
  get(id: string): T | undefined;
  /** The entry; throws for an unknown id, naming the known ones. */
  require(id: string): T;
  ids(): string[];
}

const ID = /^[a-z][a-z0-9_-]{0,31}$/;

export function createRegistry<T>(): Registry<T> {
  const items = new Map<string, T>();
  return {
    register(id, item) {
      if (!ID.test(id)) throw new Error(`invalid provider id "${id}" (lowercase, 1–32 characters)`);
      if (items.has(id)) throw new Error(`provider "${id}" registered twice`);
      items.set(id, item);
    },
    get: (id) => items.get(id),
    require(id) {
      const item = items.get(id);
      if (item === undefined) throw new Error(`unknown provider: ${id} (known: ${[...items.keys()].join(", ")})`);
      return item;
    },
    ids: () => [...items.keys()],
  };
}
