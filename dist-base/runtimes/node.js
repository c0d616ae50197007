import {
  nodeApiPlatform,
  processHost
} from "../chunk-QBDVP3PP.js";
import {
  InFlight,
  REQUEST_PROPERTIES,
  bodyUnusable,
  createFileSessionStore,
  nativeRequest,
  serveUntilStopped,
  standIn,
  startServing,
  useStandInRequests
} from "../chunk-H4WQV6PH.js";
import "../chunk-FDKC6HSB.js";
import {
  ADAPTER_ALIAS_HEADER,
  ADAPTER_IDENTIFIER_HEADER,
  HttpError,
  LIMIT_BODY,
  PATHNAME,
  TO_NATIVE_REQUEST,
  answererOf,
  createHandlerOn,
  createMemorySessionStore,
  createTransform,
  customInvocationHandler,
  customMiddleware,
  customPingHandler,
  defineWrappedHandler,
  injectAdapterId,
  inputFormatter,
  isContentLength,
  isHttpError,
  outputFormatter,
  payloadTooLarge,
  readTransformDefaults,
  registerCloseSessionHandler,
  registerCreateSessionHandler,
  registerLoadAdapterHandler,
  registerUnloadAdapterHandler,
  resolveSettings,
  splitRecords,
  statefulSessionManager,
  targetPathname,
  useTextResponses
} from "../chunk-NKEI7ZH6.js";
import {
  SESSION_ID_PATTERN,
  SessionNotFoundError,
  isValidSessionId
} from "../chunk-QJS5L2QM.js";
import {
  createConsoleLogger
} from "../chunk-5INBP2CT.js";
import {
  SageMakerConfigError
} from "../chunk-R6SGHOIN.js";

// runtimes/node/platform.ts
function nodePlatform() {
  return nodeApiPlatform({ name: "node", runsTypeScript: Boolean(process.features.typescript) });
}

// runtimes/node/serve.ts
import { createServer } from "http";

// runtimes/node/response.ts
import { STATUS_CODES } from "http";
var TO_NATIVE = /* @__PURE__ */ Symbol("toNativeResponse");
var plainTextOf = () => void 0;
function plainText(response) {
  return plainTextOf(response);
}
function outgoing(headers) {
  if (!(headers instanceof Headers)) return { ...headers };
  const result = {};
  headers.forEach((value, name) => {
    result[name] = name === "set-cookie" ? headers.getSetCookie() : value;
  });
  return result;
}
function defineTextResponse(NativeResponse) {
  const TextResponse = class Response {
    #body;
    #status;
    #headersSource;
    #headers;
    #native;
    #used = false;
    constructor(body, status, headers) {
      this.#body = body;
      this.#status = status;
      this.#headersSource = headers;
    }
    get status() {
      return this.#status;
    }
    get ok() {
      return this.#status >= 200 && this.#status <= 299;
    }
    get statusText() {
      return "";
    }
    get headers() {
      if (this.#native) return this.#native.headers;
      return this.#headers ??= new Headers(this.#headersSource);
    }
    get bodyUsed() {
      return this.#native ? this.#native.bodyUsed : this.#used;
    }
    get body() {
      return this.#toNative().body;
    }
    text() {
      if (this.#native) return this.#native.text();
      if (this.#used) return Promise.reject(new TypeError("Body is unusable: Body has already been read"));
      this.#used = true;
      return Promise.resolve(this.#body);
    }
    json() {
      if (this.#native) return this.#native.json();
      if (this.#used) return Promise.reject(new TypeError("Body is unusable: Body has already been read"));
      this.#used = true;
      try {
        return Promise.resolve(JSON.parse(this.#body));
      } catch (error) {
        return Promise.reject(error);
      }
    }
    clone() {
      return this.#toNative().clone();
    }
    [TO_NATIVE]() {
      return this.#toNative();
    }
    /** Read by the Node writer only. */
    static plainText(response) {
      if (!(#body in response)) return void 0;
      const own = response;
      if (own.#native || own.#used) return void 0;
      own.#used = true;
      return { status: own.#status, statusText: STATUS_CODES[own.#status] ?? "", headers: outgoing(own.#headers ?? own.#headersSource), body: own.#body };
    }
    #toNative() {
      if (this.#native === void 0) {
        this.#native = new NativeResponse(this.#used ? null : this.#body, { status: this.#status, headers: this.headers });
        if (this.#used) void this.#native.body?.cancel();
      }
      return this.#native;
    }
  };
  standIn(TextResponse, NativeResponse, TO_NATIVE);
  plainTextOf = (response) => TextResponse.plainText(response);
  return TextResponse;
}
var installed = false;
function installTextResponses() {
  if (installed) return;
  installed = true;
  const TextResponse = defineTextResponse(globalThis.Response);
  useTextResponses((body, status, headers) => new TextResponse(body, status, headers));
}

// runtimes/node/reused-buffers.ts
var MAX_REUSED_BYTES = 1024 * 1024;
var MIN_REUSED_ANSWER_BYTES = 16 * 1024;
var MIN_BUFFER_BYTES = 64 * 1024;
var bodyBuffer;
var answerBuffer;
var answerBufferBusy = false;
function releaseAnswerBuffer() {
  answerBufferBusy = false;
}
function grown(buffer, bytes) {
  return buffer !== void 0 && buffer.byteLength >= bytes ? buffer : Buffer.allocUnsafeSlow(Math.max(bytes, MIN_BUFFER_BYTES));
}
function withoutBom(text) {
  return text.charCodeAt(0) === 65279 ? text.slice(1) : text;
}
function textOfChunks(chunks) {
  return withoutBom(decode(chunks));
}
function decode(chunks) {
  if (chunks.length === 0) return "";
  if (chunks.length === 1) return chunks[0].toString("utf8");
  let total = 0;
  for (const chunk of chunks) total += chunk.byteLength;
  if (total > MAX_REUSED_BYTES) return Buffer.concat(chunks, total).toString("utf8");
  const joined = bodyBuffer = grown(bodyBuffer, total);
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return joined.toString("utf8", 0, total);
}
function endWithText(response, body, byteLength) {
  if (byteLength < MIN_REUSED_ANSWER_BYTES || byteLength > MAX_REUSED_BYTES || answerBufferBusy) {
    response.end(body);
    return;
  }
  const bytes = answerBuffer = grown(answerBuffer, byteLength);
  bytes.write(body, 0, byteLength, "utf8");
  answerBufferBusy = true;
  response.once("close", releaseAnswerBuffer);
  response.end(bytes.subarray(0, byteLength));
}

// runtimes/node/request.ts
var DEFAULT_DRAIN_LIMIT = 6 * 1024 * 1024;
function abortError() {
  return new DOMException("The client disconnected before the request body was read.", "AbortError");
}
function emptyStream() {
  return new ReadableStream({ start: (controller) => controller.close() });
}
function toUint8Array(chunk) {
  return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}
function jsonOfChunks(chunks) {
  return JSON.parse(textOfChunks(chunks));
}
var RECEIVED = /* @__PURE__ */ Symbol("bodyReceived");
var DRAIN_LIMIT = /* @__PURE__ */ Symbol("bodyLimit");
function defineNodeRequest(NativeRequest) {
  const NodeRequestClass2 = class Request {
    [RECEIVED] = 0;
    [DRAIN_LIMIT] = DEFAULT_DRAIN_LIMIT;
    #req;
    #res;
    #tracker;
    #url;
    #headers;
    #controller;
    #stream;
    #used = false;
    /** A consumer read from (or cancelled) the body stream: the spec's "disturbed". */
    #streamDisturbed = false;
    /** The native Request the body went to (`new Request(this)`, `fetch(this)`, `clone()`). */
    #native;
    #properties;
    #usedWhenMoved = false;
    constructor(req, res) {
      this.#req = req;
      this.#res = res;
    }
    get method() {
      return this.#req.method ?? "GET";
    }
    get url() {
      if (this.#url === void 0) {
        const scheme = this.#req.socket.encrypted ? "https" : "http";
        this.#url = `${scheme}://${this.#req.headers.host || "localhost"}${this.#req.url ?? "/"}`;
      }
      return this.#url;
    }
    /** What the core routes by: the path of the target Node parsed (the listener made it origin-form). */
    [PATHNAME]() {
      return targetPathname(this.#req.url ?? "/");
    }
    get headers() {
      if (this.#headers === void 0) {
        const headers = new Headers();
        const raw = this.#req.rawHeaders;
        for (let i = 0; i < raw.length; i += 2) headers.append(raw[i], raw[i + 1]);
        this.#headers = headers;
      }
      return this.#headers;
    }
    /** Aborts when the client goes away before the response is complete; made on first use. */
    get signal() {
      if (this.#controller === void 0) {
        const controller = new AbortController();
        this.#controller = controller;
        const res = this.#res;
        const abortIfEarly = () => {
          if (!res.writableFinished) controller.abort(this.#req.errored ?? new DOMException("The client disconnected.", "AbortError"));
        };
        if (res.closed || res.destroyed || this.#req.socket.destroyed) abortIfEarly();
        else res.once("close", abortIfEarly);
      }
      return this.#controller.signal;
    }
    get #hasBody() {
      const method = this.method;
      return method !== "GET" && method !== "HEAD";
    }
    get body() {
      if (this.#native) return this.#native.body;
      if (this.#stream === void 0) this.#stream = !this.#hasBody ? null : this.#used ? emptyStream() : this.#openStream();
      return this.#stream;
    }
    get bodyUsed() {
      if (this.#native) return this.#usedWhenMoved || this.#native.bodyUsed;
      return this.#used || this.#streamDisturbed;
    }
    /** The core's body limit: a declared length over it is refused at once, a streamed body is counted. */
    [LIMIT_BODY](limit, tracker) {
      this[DRAIN_LIMIT] = limit;
      this.#tracker = tracker;
      if (!this.#hasBody) return;
      const declared = this.#req.headers["content-length"];
      if (declared !== void 0 && isContentLength(declared) && Number(declared) > limit) throw payloadTooLarge(limit);
    }
    /** The native Request this one stands for, with its body when that is still there: what `new Request(this)` and `fetch(this)` take. */
    [TO_NATIVE_REQUEST]() {
      if (this.#native === void 0) {
        this.#usedWhenMoved = this.bodyUsed;
        const usable = !this.#usedWhenMoved && !(this.#stream?.locked ?? false);
        const body = usable ? this.body : null;
        const init = { method: this.method, headers: this.headers, signal: this.signal, body };
        if (body) init.duplex = "half";
        this.#native = new NativeRequest(this.url, init);
      }
      return this.#native;
    }
    /** Built once, without a body or a signal: reading `mode` or inspecting the request moves nothing. */
    [REQUEST_PROPERTIES]() {
      return this.#properties ??= new NativeRequest(this.url, { method: this.method, headers: this.headers });
    }
    clone() {
      if (this.bodyUsed || this.#stream?.locked) throw new TypeError("Request.clone: Body has already been consumed.");
      return this[TO_NATIVE_REQUEST]().clone();
    }
    text() {
      return this.#read(textOfChunks);
    }
    json() {
      return this.#read(jsonOfChunks);
    }
    arrayBuffer() {
      return this.#read((chunks) => {
        if (chunks.length === 0) return new ArrayBuffer(0);
        const bytes = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
        return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes.buffer : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
      });
    }
    bytes() {
      return this.arrayBuffer().then((buffer) => new Uint8Array(buffer));
    }
    blob() {
      return this.arrayBuffer().then((buffer) => new Blob([buffer], { type: this.#req.headers["content-type"] ?? "" }));
    }
    formData() {
      return this.arrayBuffer().then((buffer) => {
        const headers = {};
        const type = this.#req.headers["content-type"];
        if (type !== void 0) headers["content-type"] = type;
        return new Response(buffer, { headers }).formData();
      });
    }
    /**
     * The whole body as received (no chunks when there is none) turned into what the caller wants, straight
     * from the socket unless something already took the stream. `convert` runs as the body ends, so that
     * `json()` settles one promise, not a read and then a parse.
     */
    #read(convert) {
      if (this.bodyUsed) return Promise.reject(bodyUnusable());
      if (this.#native) return this.#native.arrayBuffer().then((buffer) => convert([Buffer.from(buffer)]));
      if (!this.#hasBody) return Promise.resolve([]).then(convert);
      if (this.#stream) {
        try {
          const read = new Response(this.#stream).arrayBuffer();
          this.#used = true;
          return read.then((buffer) => convert([Buffer.from(buffer)]));
        } catch (error) {
          return Promise.reject(error);
        }
      }
      this.#used = true;
      return this.#readAll(convert);
    }
    #overLimit() {
      if (this.#tracker) this.#tracker.exceeded = true;
      return payloadTooLarge(this[DRAIN_LIMIT]);
    }
    #readAll(convert) {
      const req = this.#req;
      if (req.destroyed && !req.complete) return Promise.reject(req.errored ?? abortError());
      return new Promise((resolve, reject2) => {
        const chunks = [];
        const cleanup = () => {
          req.off("data", onData);
          req.off("end", onEnd);
          req.off("error", onError);
          req.off("close", onClose);
        };
        const onData = (chunk) => {
          this[RECEIVED] += chunk.byteLength;
          if (this[RECEIVED] > this[DRAIN_LIMIT]) {
            cleanup();
            req.pause();
            reject2(this.#overLimit());
            return;
          }
          chunks.push(chunk);
        };
        const onEnd = () => {
          cleanup();
          try {
            resolve(convert(chunks));
          } catch (error) {
            reject2(error);
          }
        };
        const onError = (error) => {
          cleanup();
          reject2(error);
        };
        const onClose = () => {
          cleanup();
          reject2(req.errored ?? abortError());
        };
        req.on("data", onData).on("end", onEnd).on("error", onError).on("close", onClose);
      });
    }
    /** The body as a web stream, read from the socket only as fast as it is consumed. */
    #openStream() {
      const req = this.#req;
      return new ReadableStream(
        {
          start: (controller) => {
            if (req.destroyed && !req.complete) {
              controller.error(req.errored ?? abortError());
              return;
            }
            let settled = false;
            const fail = (error) => {
              if (settled) return;
              settled = true;
              req.off("data", onData);
              controller.error(error);
            };
            const onData = (chunk) => {
              this[RECEIVED] += chunk.byteLength;
              if (this[RECEIVED] > this[DRAIN_LIMIT]) {
                req.pause();
                fail(this.#overLimit());
                return;
              }
              controller.enqueue(toUint8Array(chunk));
              if ((controller.desiredSize ?? 1) <= 0) req.pause();
            };
            req.on("data", onData);
            req.once("end", () => {
              if (settled) return;
              settled = true;
              controller.close();
            });
            req.once("error", fail);
            req.once("close", () => {
              if (!req.complete) fail(req.errored ?? abortError());
            });
            req.pause();
          },
          pull: () => {
            this.#streamDisturbed = true;
            req.resume();
          },
          cancel: () => {
            this.#streamDisturbed = true;
            req.pause();
            req.removeAllListeners("data");
          }
        },
        // Nothing is read from the socket until a consumer asks, so a pull means the body was disturbed.
        { highWaterMark: 0 }
      );
    }
  };
  standIn(NodeRequestClass2, NativeRequest, REQUEST_PROPERTIES);
  return NodeRequestClass2;
}
var NodeRequestClass;
function nodeRequestClass() {
  if (NodeRequestClass === void 0) {
    NodeRequestClass = defineNodeRequest(nativeRequest());
    useStandInRequests();
  }
  return NodeRequestClass;
}

// runtimes/node/send.ts
import { STATUS_CODES as STATUS_CODES2 } from "http";
var INTERNAL_ERROR = JSON.stringify({ detail: "Internal Server Error" });
function headersOf(fetchResponse) {
  const headers = {};
  fetchResponse.headers.forEach((value, name) => {
    if (name === "set-cookie") headers[name] = fetchResponse.headers.getSetCookie();
    else headers[name] = value;
  });
  return headers;
}
function writeHead(target, fetchResponse, headers) {
  const reason = fetchResponse.statusText || STATUS_CODES2[fetchResponse.status] || "";
  target.response.writeHead(fetchResponse.status, reason, headers);
}
function sendInternalError(target) {
  const { response } = target;
  if (response.headersSent || response.destroyed) return;
  response.writeHead(500, STATUS_CODES2[500], { "content-type": "application/json", "content-length": Buffer.byteLength(INTERNAL_ERROR) });
  response.end(target.head ? void 0 : INTERNAL_ERROR);
}
function sendResponse(fetchResponse, target) {
  const { response } = target;
  if (response.destroyed || response.writableEnded) {
    void fetchResponse.body?.cancel().catch(() => void 0);
    return void 0;
  }
  const text = plainText(fetchResponse);
  if (text !== void 0) {
    const byteLength = Buffer.byteLength(text.body);
    text.headers["content-length"] = byteLength;
    response.writeHead(text.status, text.statusText, text.headers);
    if (target.head) response.end();
    else endWithText(response, text.body, byteLength);
    return void 0;
  }
  const headers = headersOf(fetchResponse);
  const body = fetchResponse.body;
  if (body === null || target.head) {
    void body?.cancel().catch(() => void 0);
    writeHead(target, fetchResponse, headers);
    response.end();
    return void 0;
  }
  return pump(body.getReader(), fetchResponse, headers, target);
}
async function pump(reader, fetchResponse, headers, target) {
  const { response } = target;
  let finished = false;
  const onClose = () => {
    if (!finished) void reader.cancel(new DOMException("The client disconnected", "AbortError")).catch(() => void 0);
  };
  response.once("close", onClose);
  let started = false;
  try {
    let next = await reader.read();
    started = true;
    if (response.destroyed) return;
    writeHead(target, fetchResponse, headers);
    while (!next.done) {
      if (!response.write(next.value) && !response.destroyed) await drained(response);
      if (response.destroyed) return;
      next = await reader.read();
    }
    finished = true;
    if (!response.destroyed) response.end();
  } catch {
    finished = true;
    if (response.destroyed) return;
    if (!started) sendInternalError(target);
    else response.destroy();
  } finally {
    response.off("close", onClose);
    if (finished) reader.releaseLock();
    else void reader.cancel(new DOMException("The client disconnected", "AbortError")).catch(() => void 0);
  }
}
function drained(response) {
  return new Promise((resolve) => {
    const done = () => {
      response.off("drain", done);
      response.off("close", done);
      resolve();
    };
    response.on("drain", done);
    response.on("close", done);
  });
}

// runtimes/node/listener.ts
function isUnsupportedMethod(method) {
  return method === "CONNECT" || method === "TRACE" || method === "TRACK";
}
var AUTHORITY = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._~%!$&'()*+,;=-]*)(:[0-9]*)?$/;
var lastValidHost = "";
function isValidHost(host) {
  if (host === void 0 || host === "" || host === lastValidHost) return true;
  if (!AUTHORITY.test(host) || !URL.canParse(`http://${host}/`)) return false;
  lastValidHost = host;
  return true;
}
function reject(response, status, detail) {
  const body = JSON.stringify({ detail });
  response.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body), connection: "close" });
  response.end(body);
}
function admit(request, response) {
  if (isUnsupportedMethod(request.method)) {
    reject(response, 501, `Method ${request.method} is not supported`);
    return false;
  }
  if (!isValidHost(request.headers.host)) {
    reject(response, 400, "Bad Request: invalid Host header");
    return false;
  }
  const target = request.url ?? "/";
  if (!target.startsWith("/")) {
    const parsed = URL.canParse(target) ? new URL(target) : void 0;
    if (parsed === void 0 && target !== "*") {
      reject(response, 400, "Bad Request: invalid request target");
      return false;
    }
    request.url = parsed ? `${parsed.pathname}${parsed.search}` : "/";
  }
  return true;
}
var LINGER_MS = 5e3;
function lingerThenClose(socket) {
  if (socket.destroyed) return;
  socket.end();
  const cut = setTimeout(() => socket.destroy(), LINGER_MS);
  cut.unref();
  socket.once("close", () => clearTimeout(cut));
}
function disposeOfUnreadBody(request, response, body) {
  if (request.complete || request.destroyed) return;
  const declared = Number(request.headers["content-length"] ?? Number.NaN);
  const limit = body[DRAIN_LIMIT];
  if (body[RECEIVED] > limit || declared > limit) {
    request.removeAllListeners("data");
    request.resume();
    response.once("finish", () => lingerThenClose(request.socket));
    return;
  }
  request.removeAllListeners("data");
  request.on("data", (chunk) => {
    body[RECEIVED] += chunk.byteLength;
    if (body[RECEIVED] <= limit) return;
    request.removeAllListeners("data");
    if (response.writableFinished) lingerThenClose(request.socket);
    else response.once("finish", () => lingerThenClose(request.socket));
  });
  request.resume();
}
function mayHaveBody(request) {
  const { headers } = request;
  return headers["transfer-encoding"] !== void 0 || headers["content-length"] !== void 0 && headers["content-length"] !== "0";
}
function toNodeListener(handler) {
  const NodeRequest = nodeRequestClass();
  installTextResponses();
  const answer = answererOf(handler);
  return (request, response) => {
    if (!admit(request, response)) return;
    const fetchRequest = new NodeRequest(request, response);
    if (mayHaveBody(request)) response.on("prefinish", () => disposeOfUnreadBody(request, response, fetchRequest));
    const target = { response, head: request.method === "HEAD" };
    let answered;
    try {
      answered = answer(fetchRequest);
    } catch (error) {
      answered = Promise.reject(error);
    }
    if (typeof answered.then !== "function") {
      send(answered, target);
      return;
    }
    Promise.resolve(answered).then(
      (fetchResponse) => send(fetchResponse, target),
      (error) => {
        console.error(`model-hosting-container-standards: the handler failed outside its pipeline: ${String(error)}`);
        sendInternalError(target);
      }
    );
  };
}
function send(fetchResponse, target) {
  try {
    sendResponse(fetchResponse, target)?.catch((error) => cannotSend(error, target));
  } catch (error) {
    cannotSend(error, target);
  }
}
function cannotSend(error, { response }) {
  console.error(`model-hosting-container-standards: could not send a response: ${String(error)}`);
  if (!response.writableEnded) response.destroy();
}

// runtimes/node/serve.ts
var DEFAULT_HEADERS_TIMEOUT_MS = 6e4;
var DEFAULT_REQUEST_TIMEOUT_MS = 3e5;
var ASYNC_REQUEST_TIMEOUT_MS = 36e5;
var REAL_TIME_MAX_REQUEST_BYTES = 6 * 1024 * 1024;
var IDLE_GRACE_MS = 1e3;
async function serve(handlerOrConfig, options = {}) {
  const host = processHost();
  const { handler, ...address } = await startServing(handlerOrConfig, nodePlatform(), options, host);
  const inFlight = new InFlight();
  const listener = toNodeListener(handler);
  const headersTimeout = options.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS;
  const requestTimeout = options.requestTimeoutMs ?? defaultRequestTimeout(host.env);
  const enforced = [headersTimeout, requestTimeout].filter((ms) => ms > 0);
  const connectionsCheckingInterval = Math.max(100, Math.min(3e4, Math.floor(Math.min(...enforced, 12e4) / 4)));
  const leave = () => inFlight.leave();
  const server = createServer({ connectionsCheckingInterval }, (request, response) => {
    inFlight.enter();
    response.on("close", leave);
    listener(request, response);
  });
  server.requestTimeout = requestTimeout;
  server.headersTimeout = requestTimeout > 0 ? Math.min(headersTimeout, requestTimeout) : headersTimeout;
  server.keepAliveTimeout = 65e3;
  await new Promise((resolve, reject2) => {
    server.once("error", reject2);
    server.listen(address.port, address.hostname, () => {
      server.off("error", reject2);
      resolve();
    });
  });
  return serveUntilStopped({
    handler,
    hostname: address.hostname,
    port: server.address().port,
    options,
    host,
    async stopServer(drainTimeoutMs) {
      const stopped = new Promise((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const drained2 = await inFlight.drained(drainTimeoutMs);
      if (drained2) server.closeIdleConnections();
      else server.closeAllConnections();
      const grace = setTimeout(() => server.closeAllConnections(), IDLE_GRACE_MS);
      await stopped;
      clearTimeout(grace);
    }
  });
}
function defaultRequestTimeout(env) {
  try {
    return resolveSettings(env).maxRequestBytes > REAL_TIME_MAX_REQUEST_BYTES ? ASYNC_REQUEST_TIMEOUT_MS : DEFAULT_REQUEST_TIMEOUT_MS;
  } catch {
    return DEFAULT_REQUEST_TIMEOUT_MS;
  }
}

// runtimes/node/index.ts
function createSageMakerHandler(config = {}) {
  return createHandlerOn(config, nodePlatform());
}
export {
  ADAPTER_ALIAS_HEADER,
  ADAPTER_IDENTIFIER_HEADER,
  HttpError,
  SESSION_ID_PATTERN,
  SageMakerConfigError,
  SessionNotFoundError,
  createConsoleLogger,
  createFileSessionStore,
  createMemorySessionStore,
  createSageMakerHandler,
  createTransform,
  customInvocationHandler,
  customMiddleware,
  customPingHandler,
  defineWrappedHandler,
  injectAdapterId,
  inputFormatter,
  isHttpError,
  isValidSessionId,
  outputFormatter,
  readTransformDefaults,
  registerCloseSessionHandler,
  registerCreateSessionHandler,
  registerLoadAdapterHandler,
  registerUnloadAdapterHandler,
  resolveSettings,
  serve,
  splitRecords,
  statefulSessionManager,
  toNodeListener
};
