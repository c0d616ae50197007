/** A copy of `request` at another URL, body and signal included. */
export function withUrl(request: Request, url: string): Request {
  const hasBody = request.body !== null && request.method !== "GET" && request.method !== "HEAD";
  return new Request(url, {
    method: request.method,
    headers: request.headers,
    body: hasBody ? request.body : null,
    signal: request.signal,
    // Node requires `duplex` for stream bodies; other runtimes ignore it.
    ...(hasBody ? { duplex: "half" } : {}),
  } as RequestInit);
}

/**
 * How the wrappers copy a request whose body they already hold as bytes: `source`'s URL, method and signal,
 * with `headers` (the copy's own) and `body` (never changed afterwards; null for GET and HEAD).
 */
export type BytesRequestFactory = (source: Request, headers: Headers, body: Uint8Array<ArrayBuffer> | null) => Request;

const nativeBytesRequest: BytesRequestFactory = (source, headers, body) =>
  new Request(source.url, { method: source.method, headers, body, signal: source.signal });
let makeBytesRequest: BytesRequestFactory = nativeBytesRequest;

/**
 * Lets a shim hand handlers a lighter Request for these copies, one that builds no body stream and no
 * following signal until something asks (the Node shim, once the global `Request` and `fetch` accept it).
 * It must behave as a native Request in every way.
 */
export function useBytesRequests(factory: BytesRequestFactory): void {
  makeBytesRequest = factory;
}

/** A copy of `request` (its own headers) with `body` as its body. */
export function withBytes(request: Request, headers: Headers, body: Uint8Array<ArrayBuffer> | null): Request {
  return makeBytesRequest(request, headers, body);
}

/** A copy of `request` with `bytes` as its body and their exact `content-length`, so a handler reading the header sees the new length. */
export function withBody(request: Request, bytes: Uint8Array<ArrayBuffer>, contentType?: string): Request {
  const headers = new Headers(request.headers);
  headers.delete("transfer-encoding");
  if (contentType !== undefined) headers.set("content-type", contentType);
  headers.set("content-length", String(bytes.byteLength));
  return withBytes(request, headers, bytes);
}
