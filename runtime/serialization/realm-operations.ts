import type { ParseOperations, ViewTag } from "devalue";

/** Largest array index; touching it first keeps a sparse array from allocating its whole length. */
const MAX_ARRAY_INDEX = 2 ** 32 - 2;

type Realm = typeof globalThis;

const cache = new WeakMap<object, Partial<ParseOperations>>();

/**
 * devalue construction operations that build every revived container and built-in (objects, arrays, Map,
 * Set, Date, RegExp, URL, ArrayBuffer, typed arrays, boxed primitives) with the constructors of `global`'s
 * realm, so `value instanceof Map` holds inside a `node:vm` sandbox. Returns undefined for this realm.
 * The constructors are read once per global (on first use) and cached, so later changes to the sandbox's
 * globals by user code do not affect revival; a sandbox's `Date` override must accept an explicit argument.
 */
export function realmOperations(global: Realm): Partial<ParseOperations> | undefined {
  if (global === globalThis) return undefined;
  let operations = cache.get(global);
  if (!operations) {
    operations = createRealmOperations(global);
    cache.set(global, operations);
  }
  return operations;
}

function createRealmOperations(global: Realm): Partial<ParseOperations> {
  const {
    Object: RealmObject,
    Array: RealmArray,
    Map: RealmMap,
    Set: RealmSet,
    Date: RealmDate,
    RegExp: RealmRegExp,
    ArrayBuffer: RealmArrayBuffer,
    Uint8Array: RealmUint8Array,
  } = global;
  const views = global as unknown as Record<ViewTag, new (buffer: ArrayBuffer, offset?: number, length?: number) => unknown>;
  const byteLength = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, "byteLength")!.get!;
  return {
    fromISOString: (iso) => new RealmDate(iso),
    fromStringValue: (tag, text) => {
      if (tag === "URL") return new (global.URL ?? URL)(text);
      if (tag === "URLSearchParams") return new (global.URLSearchParams ?? URLSearchParams)(text);
      throw new Error(`Unsupported type ${tag}`);
    },
    fromArrayBuffer: (buffer) => {
      const copy = new RealmArrayBuffer(buffer.byteLength);
      new RealmUint8Array(copy).set(new Uint8Array(buffer));
      return copy;
    },
    fromRegExpInfo: (source, flags) => new RealmRegExp(source, flags),
    fromViewInfo: (tag, buffer, byteOffset, length) => {
      // Same guard as devalue's default: the buffer must be a genuine ArrayBuffer (internal-slot check,
      // valid across realms), never a number or array-like a custom reviver slipped in.
      byteLength.call(buffer);
      const View = views[tag];
      return byteOffset !== undefined ? new View(buffer, byteOffset, length) : new View(buffer);
    },
    box: (value) => RealmObject(value),
    createArray: (length) => new RealmArray(length),
    createSparseArray: (length) => {
      const array = new RealmArray();
      array[MAX_ARRAY_INDEX] = undefined;
      delete array[MAX_ARRAY_INDEX];
      array.length = length;
      return array;
    },
    createObject: () => new RealmObject(),
    createNullPrototypeObject: () => RealmObject.create(null),
    createSet: () => new RealmSet(),
    createMap: () => new RealmMap(),
  };
}
