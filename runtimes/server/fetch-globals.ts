import { TO_NATIVE_REQUEST, useBytesRequests } from "../../src/internal.ts";
import { bytesRequestFactory } from "./bytes-request.ts";

/** Where every copy of this library finds the runtime's own Request once one of them replaced the global. */
const NATIVE_REQUEST = Symbol.for("model-hosting-container-standards.nativeRequest");
/** The same for fetch: its own key, since earlier releases replaced the Request constructor alone. */
const NATIVE_FETCH = Symbol.for("model-hosting-container-standards.nativeFetch");

type Natives = { [NATIVE_REQUEST]?: typeof Request; [NATIVE_FETCH]?: typeof fetch };

/** A lighter object that passes for a native Request (the Node shim's requests, the wrappers' copies). */
interface StandInRequest {
  readonly bodyUsed: boolean;
  [TO_NATIVE_REQUEST](): Request;
}

/** The runtime's own Request constructor, also after the global was replaced. */
export function nativeRequest(): typeof Request {
  return (globalThis as Natives)[NATIVE_REQUEST] ?? globalThis.Request;
}

function isStandIn(input: unknown): input is StandInRequest {
  return typeof input === "object" && input !== null && TO_NATIVE_REQUEST in input;
}

/** The native Request `standIn` stands for, refusing a used body as the native constructor and fetch() do. */
function unwrap(standIn: StandInRequest, init: RequestInit | undefined): Request {
  if (standIn.bodyUsed && (init?.body === undefined || init.body === null)) {
    throw new TypeError("Cannot construct a Request with a Request object that has already been used.");
  }
  return standIn[TO_NATIVE_REQUEST]();
}

/** Replaces a global with `value`, keeping the flags of the property it replaces. */
function replaceGlobal(name: "Request" | "fetch", value: unknown): void {
  const { writable = true, enumerable = false, configurable = true } = Object.getOwnPropertyDescriptor(globalThis, name) ?? {};
  Object.defineProperty(globalThis, name, { value, writable, enumerable, configurable });
}

/**
 * Makes `new Request(request, init)` and `fetch(request, init)` with the globals accept stand-ins as they
 * accept native Requests: the global `Request` becomes a constructor that builds genuine native Requests
 * (same prototype, name and length, `instanceof` unchanged, subclasses work) and unwraps stand-ins first;
 * the global `fetch` unwraps them and calls the fetch it replaced. Idempotent, also across copies of this
 * library.
 */
function installGlobals(): void {
  installRequestConstructor();
  installFetch();
}

function installRequestConstructor(): void {
  const natives = globalThis as Natives;
  if (natives[NATIVE_REQUEST] !== undefined) return;
  const NativeRequest = globalThis.Request;
  const RequestConstructor = function Request(this: unknown, input: RequestInfo | URL, init?: RequestInit): Request {
    if (new.target === undefined) throw new TypeError("Failed to construct 'Request': Please use the 'new' operator.");
    const source = isStandIn(input) ? unwrap(input, init) : input;
    const args = arguments.length > 1 ? [source, init] : [source];
    const target: unknown = new.target;
    return Reflect.construct(NativeRequest, args, target === RequestConstructor ? NativeRequest : (target as typeof Request)) as Request;
  } as unknown as typeof Request;
  Object.defineProperty(RequestConstructor, "prototype", { value: NativeRequest.prototype, writable: false });
  Object.defineProperty(RequestConstructor, "length", { value: NativeRequest.length });
  Object.setPrototypeOf(RequestConstructor, Object.getPrototypeOf(NativeRequest) as object);
  Object.defineProperty(globalThis, NATIVE_REQUEST, { value: NativeRequest, configurable: true });
  replaceGlobal("Request", RequestConstructor);
}

function installFetch(): void {
  const natives = globalThis as Natives;
  if (natives[NATIVE_FETCH] !== undefined) return;
  // A native fetch builds its Request with the runtime's own constructor, which a stand-in would crash.
  const nativeFetch = globalThis.fetch;
  const fetchUnwrapping = {
    fetch(this: unknown, input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
      if (!isStandIn(input)) return Reflect.apply(nativeFetch, this, arguments) as Promise<Response>;
      try {
        return arguments.length > 1 ? nativeFetch(unwrap(input, init), init) : nativeFetch(unwrap(input, undefined));
      } catch (error) {
        return Promise.reject(error);
      }
    },
  }.fetch;
  // Its length, and whatever else the runtime hangs on it (Bun's `fetch.preconnect`).
  for (const key of Reflect.ownKeys(nativeFetch)) {
    if (key === "name" || key === "prototype") continue;
    Object.defineProperty(fetchUnwrapping, key, Object.getOwnPropertyDescriptor(nativeFetch, key)!);
  }
  Object.defineProperty(globalThis, NATIVE_FETCH, { value: nativeFetch, configurable: true });
  replaceGlobal("fetch", fetchUnwrapping);
}

let installed = false;

/**
 * Done when a shim starts serving (never at import): the globals learn to unwrap stand-ins, and only then
 * do the wrappers hand handlers stand-in copies (runtimes/server/bytes-request.ts) instead of native ones.
 */
export function useStandInRequests(): void {
  if (installed) return;
  installed = true;
  installGlobals();
  useBytesRequests(bytesRequestFactory(nativeRequest()));
}
