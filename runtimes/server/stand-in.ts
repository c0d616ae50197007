/**
 * Where a Request stand-in keeps the bodiless native Request it answers `mode`, `cache`, `keepalive`, ...
 * from (pass it to `standIn`): reading those moves no body.
 */
export const REQUEST_PROPERTIES = Symbol("nativeProperties");

/** What a native Request's body readers throw once the body was used. */
export function bodyUnusable(): TypeError {
  return new TypeError("Body is unusable: Body has already been read");
}

/**
 * Completes a stand-in class (a lighter object that passes for a native Request or Response): every
 * method and getter of the native prototype that the stand-in does not define itself answers from the
 * native object it stands for, built by `toNative` on first use; the native prototype goes last in the chain.
 */
export function standIn(standInClass: { prototype: object }, nativeClass: { prototype: object }, toNative: symbol): void {
  const prototype = standInClass.prototype;
  const native = (self: unknown): Record<string, unknown> => (self as Record<symbol, () => Record<string, unknown>>)[toNative]!();
  for (const [key, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(nativeClass.prototype))) {
    if (key in prototype || key === "constructor") continue;
    if (typeof descriptor.value === "function") {
      Object.defineProperty(prototype, key, {
        value(this: unknown, ...args: unknown[]) {
          const target = native(this);
          return (target[key] as (...a: unknown[]) => unknown).apply(target, args);
        },
        writable: true,
        configurable: true,
      });
    } else if (descriptor.get) {
      Object.defineProperty(prototype, key, {
        get(this: unknown) {
          return native(this)[key];
        },
        configurable: true,
      });
    }
  }
  Object.setPrototypeOf(prototype, nativeClass.prototype);
}
