const WEAK_TAGS = new Set(["WeakMap", "WeakSet", "WeakRef"]);

/**
 * Completes "<path> …" in a serialization-failed message for the value devalue rejected, saying what the
 * value is and, where there is one, what to pass instead.
 * @example describeUnserializable(() => {}, "Cannot stringify a function") // "is a function"
 */
export function describeUnserializable(value: unknown, devalueMessage: string): string {
  if (typeof value === "function") return "is a function";
  if (typeof value === "symbol") return "is a symbol";
  if (typeof value !== "object" || value === null) return lowerFirst(devalueMessage);
  const tag = Object.prototype.toString.call(value).slice(8, -1);
  if (tag === "Promise") return "is a Promise; await it and pass its result";
  if (WEAK_TAGS.has(tag)) return `is a ${tag}, which cannot be serialized`;
  if (tag === "Request" || tag === "Response") {
    return (value as { bodyUsed?: boolean }).bodyUsed
      ? `is a ${tag} whose body was already read; pass it before reading the body, or pass the data you read`
      : `is a ${tag} whose body is an unread stream; serialize it with serializeAsync()`;
  }
  if (/symbolic keys/.test(devalueMessage)) return "has symbol keys; use string keys";
  if (/__proto__/.test(devalueMessage)) return "has a __proto__ key";
  const className = constructorName(value);
  if (className) {
    return `is an instance of class ${className}; pass a plain object instead and rebuild the instance on the other side`;
  }
  return lowerFirst(devalueMessage);
}

function constructorName(value: object): string | undefined {
  try {
    const name = (Object.getPrototypeOf(value) as { constructor?: { name?: unknown } } | null)?.constructor?.name;
    return typeof name === "string" && name ? name : undefined;
  } catch {
    return undefined;
  }
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
