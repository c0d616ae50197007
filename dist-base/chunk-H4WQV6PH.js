import {
  TO_NATIVE_REQUEST,
  createFileStoreOn,
  createHandlerOn,
  useBytesRequests
} from "./chunk-NKEI7ZH6.js";
import {
  SageMakerConfigError
} from "./chunk-R6SGHOIN.js";

// runtimes/node-apis/file-session-store.ts
import { access, chmod, mkdir, readFile, readdir, rename, rm, rmdir, stat, unlink, writeFile } from "fs/promises";
import { join, resolve } from "path";
import { tmpdir } from "os";
var host = { access, chmod, mkdir, readFile, readdir, rename, rm, rmdir, stat, unlink, writeFile, join, resolve, tmpdir };
function createFileSessionStore(options = {}) {
  return createFileStoreOn(host, options);
}

// runtimes/node-apis/model-dir-resolution.ts
import { createRequire } from "module";
import { isAbsolute, join as join2 } from "path";
import { pathToFileURL } from "url";
function resolveFromModelDir(specifier, modelPath) {
  try {
    const resolved = createRequire(join2(modelPath, "noop.js")).resolve(specifier);
    return isAbsolute(resolved) ? pathToFileURL(resolved).href : void 0;
  } catch {
    return void 0;
  }
}

// runtimes/server/listen.ts
var DEFAULT_PORT = 8080;
var DEFAULT_HOSTNAME = "0.0.0.0";
var DEFAULT_DRAIN_TIMEOUT_MS = 25e3;
function resolveListenAddress(options, env) {
  const hostname = options.hostname ?? DEFAULT_HOSTNAME;
  if (options.port !== void 0) return { port: checkPort(options.port, "options.port"), hostname };
  for (const name of ["SAGEMAKER_BIND_TO_PORT", "PORT"]) {
    const raw = env[name];
    if (raw === void 0 || raw.trim() === "") continue;
    if (!/^\d+$/.test(raw.trim())) {
      throw new SageMakerConfigError(`${name} must be a port number from 0 to 65535, got '${raw}'`, { code: "INVALID_ENV", variable: name });
    }
    return { port: checkPort(Number(raw.trim()), name), hostname };
  }
  return { port: DEFAULT_PORT, hostname };
}
function checkPort(port, name) {
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    const culprit = name.startsWith("options.") ? { key: name } : { code: "INVALID_ENV", variable: name };
    throw new SageMakerConfigError(`${name} must be a port number from 0 to 65535, got '${String(port)}'`, culprit);
  }
  return port;
}
function displayUrl(hostname, port) {
  const host2 = hostname === "0.0.0.0" || hostname === "::" ? "127.0.0.1" : hostname.includes(":") ? `[${hostname}]` : hostname;
  return `http://${host2}:${port}`;
}
var InFlight = class {
  #count = 0;
  #idle = [];
  get count() {
    return this.#count;
  }
  enter() {
    this.#count++;
  }
  leave() {
    this.#count--;
    if (this.#count === 0) for (const resolve2 of this.#idle.splice(0)) resolve2();
  }
  /** Resolves when nothing is in flight or after `timeoutMs`, whichever is first; true if it drained. */
  drained(timeoutMs) {
    if (this.#count === 0) return Promise.resolve(true);
    return new Promise((resolve2) => {
      const timer = setTimeout(() => resolve2(false), timeoutMs);
      this.#idle.push(() => {
        clearTimeout(timer);
        resolve2(true);
      });
    });
  }
};

// runtimes/server/serve-lifecycle.ts
function isSageMakerHandler(value) {
  return typeof value.fetch === "function" && typeof value.ready === "function";
}
async function startServing(handlerOrConfig, platform, options, host2) {
  const handler = isSageMakerHandler(handlerOrConfig) ? handlerOrConfig : createHandlerOn(handlerOrConfig, platform);
  try {
    await handler.ready();
    return { handler, ...resolveListenAddress(options, host2.env) };
  } catch (error) {
    if (options.exitOnStartupError === false) throw error;
    console.error(`model-hosting-container-standards: startup failed: ${error instanceof Error ? error.message : String(error)}`);
    return host2.exit(1);
  }
}
function serveUntilStopped(parts) {
  const { handler, hostname, port, options, host: host2, stopServer } = parts;
  const url = displayUrl(hostname, port);
  if (options.announce !== false) console.log(`SageMaker handler listening on ${url}`);
  const drainTimeoutMs = options.drainTimeoutMs ?? DEFAULT_DRAIN_TIMEOUT_MS;
  let stopListening = () => {
  };
  let closing;
  const close = () => closing ??= (async () => {
    await stopServer(drainTimeoutMs);
    await handler.close();
    stopListening();
  })();
  if (options.handleSignals !== false) {
    stopListening = host2.onStopSignals(() => {
      void close().then(
        () => host2.exit(0),
        () => host2.exit(0)
      );
    });
  }
  return { port, hostname, url, close };
}
async function timedOut(done, ms) {
  let timer;
  const expired = new Promise((resolve2) => timer = setTimeout(() => resolve2(true), ms));
  try {
    return await Promise.race([done.then(() => false), expired]);
  } finally {
    clearTimeout(timer);
  }
}

// runtimes/server/stand-in.ts
var REQUEST_PROPERTIES = /* @__PURE__ */ Symbol("nativeProperties");
function bodyUnusable() {
  return new TypeError("Body is unusable: Body has already been read");
}
function standIn(standInClass, nativeClass, toNative) {
  const prototype = standInClass.prototype;
  const native = (self) => self[toNative]();
  for (const [key, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(nativeClass.prototype))) {
    if (key in prototype || key === "constructor") continue;
    if (typeof descriptor.value === "function") {
      Object.defineProperty(prototype, key, {
        value(...args) {
          const target = native(this);
          return target[key].apply(target, args);
        },
        writable: true,
        configurable: true
      });
    } else if (descriptor.get) {
      Object.defineProperty(prototype, key, {
        get() {
          return native(this)[key];
        },
        configurable: true
      });
    }
  }
  Object.setPrototypeOf(prototype, nativeClass.prototype);
}

// runtimes/server/bytes-request.ts
var decoder = new TextDecoder();
function defineBytesRequest(NativeRequest) {
  const BytesRequest = class Request {
    #source;
    #headers;
    #bytes;
    #stream;
    #used = false;
    /** A consumer read from (or cancelled) the body stream: the spec's "disturbed". */
    #streamDisturbed = false;
    /** The native Request the body went to (`new Request(this)`, `fetch(this)`, a clone of a touched stream). */
    #native;
    #properties;
    #usedWhenMoved = false;
    constructor(source, headers, body) {
      this.#source = source;
      this.#headers = headers;
      this.#bytes = body;
    }
    get method() {
      return this.#source.method;
    }
    get url() {
      return this.#source.url;
    }
    get headers() {
      return this.#headers;
    }
    get signal() {
      return this.#source.signal;
    }
    get body() {
      if (this.#native) return this.#native.body;
      if (this.#stream === void 0) this.#stream = this.#bytes === null ? null : this.#openStream();
      return this.#stream;
    }
    get bodyUsed() {
      if (this.#native) return this.#usedWhenMoved || this.#native.bodyUsed;
      return this.#used || this.#streamDisturbed;
    }
    text() {
      return this.#read().then((bytes) => decoder.decode(bytes));
    }
    json() {
      return this.#read().then((bytes) => JSON.parse(decoder.decode(bytes)));
    }
    arrayBuffer() {
      return this.#read().then((bytes) => bytes.buffer);
    }
    bytes() {
      return this.#read();
    }
    blob() {
      return this.#read().then((bytes) => new Response(bytes, this.#typed()).blob());
    }
    formData() {
      return this.#read().then((bytes) => new Response(bytes, this.#typed()).formData());
    }
    clone() {
      if (this.bodyUsed || this.#stream?.locked) throw new TypeError("Request.clone: Body has already been consumed.");
      if (this.#native || this.#stream) return this[TO_NATIVE_REQUEST]().clone();
      return new BytesRequest(this.#source, new Headers(this.#headers), this.#bytes);
    }
    /** The native Request this one stands for, with its body when that is still there: what `new Request(this)` and `fetch(this)` take. */
    [TO_NATIVE_REQUEST]() {
      if (this.#native === void 0) {
        const stream = this.#stream;
        this.#usedWhenMoved = this.bodyUsed;
        const usable = !this.#usedWhenMoved && !(stream?.locked ?? false);
        const body = usable ? stream ?? this.#bytes : null;
        const init = { method: this.method, headers: this.#headers, signal: this.#source.signal, body };
        if (body) init.duplex = "half";
        this.#native = new NativeRequest(this.url, init);
      }
      return this.#native;
    }
    /** Built once, without a body or a signal: reading `mode` or inspecting the request moves nothing. */
    [REQUEST_PROPERTIES]() {
      return this.#properties ??= new NativeRequest(this.url, { method: this.method, headers: this.#headers });
    }
    #typed() {
      const type = this.#headers.get("content-type");
      return type === null ? {} : { headers: { "content-type": type } };
    }
    /** A fresh copy of the whole body (a reader may change what it gets), marking it used. */
    #read() {
      if (this.bodyUsed) return Promise.reject(bodyUnusable());
      if (this.#native) return this.#native.arrayBuffer().then((buffer) => new Uint8Array(buffer));
      if (this.#bytes === null) return Promise.resolve(new Uint8Array(0));
      if (this.#stream) {
        try {
          const read = new Response(this.#stream).arrayBuffer();
          this.#used = true;
          return read.then((buffer) => new Uint8Array(buffer));
        } catch (error) {
          return Promise.reject(error);
        }
      }
      this.#used = true;
      return Promise.resolve(this.#bytes.slice());
    }
    #openStream() {
      const bytes = this.#bytes;
      const left = this.#used ? null : bytes;
      return new ReadableStream(
        {
          pull: (controller) => {
            this.#streamDisturbed = true;
            if (left !== null && left.byteLength > 0) controller.enqueue(left.slice());
            controller.close();
          },
          cancel: () => {
            this.#streamDisturbed = true;
          }
        },
        // Nothing is produced until a consumer asks, so a pull means the body was disturbed.
        { highWaterMark: 0 }
      );
    }
  };
  standIn(BytesRequest, NativeRequest, REQUEST_PROPERTIES);
  return BytesRequest;
}
function bytesRequestFactory(NativeRequest) {
  const BytesRequest = defineBytesRequest(NativeRequest);
  return (source, headers, body) => new BytesRequest(source, headers, body);
}

// runtimes/server/fetch-globals.ts
var NATIVE_REQUEST = /* @__PURE__ */ Symbol.for("model-hosting-container-standards.nativeRequest");
var NATIVE_FETCH = /* @__PURE__ */ Symbol.for("model-hosting-container-standards.nativeFetch");
function nativeRequest() {
  return globalThis[NATIVE_REQUEST] ?? globalThis.Request;
}
function isStandIn(input) {
  return typeof input === "object" && input !== null && TO_NATIVE_REQUEST in input;
}
function unwrap(standIn2, init) {
  if (standIn2.bodyUsed && (init?.body === void 0 || init.body === null)) {
    throw new TypeError("Cannot construct a Request with a Request object that has already been used.");
  }
  return standIn2[TO_NATIVE_REQUEST]();
}
function replaceGlobal(name, value) {
  const { writable = true, enumerable = false, configurable = true } = Object.getOwnPropertyDescriptor(globalThis, name) ?? {};
  Object.defineProperty(globalThis, name, { value, writable, enumerable, configurable });
}
function installGlobals() {
  installRequestConstructor();
  installFetch();
}
function installRequestConstructor() {
  const natives = globalThis;
  if (natives[NATIVE_REQUEST] !== void 0) return;
  const NativeRequest = globalThis.Request;
  const RequestConstructor = function Request(input, init) {
    if (new.target === void 0) throw new TypeError("Failed to construct 'Request': Please use the 'new' operator.");
    const source = isStandIn(input) ? unwrap(input, init) : input;
    const args = arguments.length > 1 ? [source, init] : [source];
    const target = new.target;
    return Reflect.construct(NativeRequest, args, target === RequestConstructor ? NativeRequest : target);
  };
  Object.defineProperty(RequestConstructor, "prototype", { value: NativeRequest.prototype, writable: false });
  Object.defineProperty(RequestConstructor, "length", { value: NativeRequest.length });
  Object.setPrototypeOf(RequestConstructor, Object.getPrototypeOf(NativeRequest));
  Object.defineProperty(globalThis, NATIVE_REQUEST, { value: NativeRequest, configurable: true });
  replaceGlobal("Request", RequestConstructor);
}
function installFetch() {
  const natives = globalThis;
  if (natives[NATIVE_FETCH] !== void 0) return;
  const nativeFetch = globalThis.fetch;
  const fetchUnwrapping = {
    fetch(input, init) {
      if (!isStandIn(input)) return Reflect.apply(nativeFetch, this, arguments);
      try {
        return arguments.length > 1 ? nativeFetch(unwrap(input, init), init) : nativeFetch(unwrap(input, void 0));
      } catch (error) {
        return Promise.reject(error);
      }
    }
  }.fetch;
  for (const key of Reflect.ownKeys(nativeFetch)) {
    if (key === "name" || key === "prototype") continue;
    Object.defineProperty(fetchUnwrapping, key, Object.getOwnPropertyDescriptor(nativeFetch, key));
  }
  Object.defineProperty(globalThis, NATIVE_FETCH, { value: nativeFetch, configurable: true });
  replaceGlobal("fetch", fetchUnwrapping);
}
var installed = false;
function useStandInRequests() {
  if (installed) return;
  installed = true;
  installGlobals();
  useBytesRequests(bytesRequestFactory(nativeRequest()));
}

export {
  createFileSessionStore,
  resolveFromModelDir,
  InFlight,
  startServing,
  serveUntilStopped,
  timedOut,
  REQUEST_PROPERTIES,
  bodyUnusable,
  standIn,
  nativeRequest,
  useStandInRequests
};
