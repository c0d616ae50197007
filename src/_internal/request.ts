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

/** Unset: native copies. */
let makeBytesRequest: BytesRequestFactory | undefined;

/**
 * Lets a shim hand handlers a lighter Request for these copies, one that builds no body stream and no
 * following signal until something asks (the Node shim, once the global `Request` and `fetch` accept it).
 * It must behave as a native Request in every way.
 */
export function useBytesRequests(factory: BytesRequestFactory): void {
  makeBytesRequest = factory;
}

/** A copy of `request` with `body` as its body, its headers copied and then changed by `edit`. */
export function withBytes(request: Request, body: Uint8Array<ArrayBuffer> | null, edit?: (headers: Headers) => void): Request {
  if (makeBytesRequest === undefined) {
    // The native constructor copies the headers it is given: changing that copy saves making another first.
    const copy = new Request(request.url, { method: request.method, headers: request.headers, body, signal: request.signal });
    edit?.(copy.headers);
    return copy;
  }
  const headers = new Headers(request.headers);
  edit?.(headers);
  return makeBytesRequest(request, headers, body);
}

/** A copy of `request` with `bytes` as its body and their exact `content-length`, so a handler reading the header sees the new length. */
export function withBody(request: Request, bytes: Uint8Array<ArrayBuffer>, contentType?: string): Request {
  return withBytes(request, bytes, (headers) => {
    headers.delete("transfer-encoding");
    if (contentType !== undefined) headers.set("content-type", contentType);
    headers.set("content-length", String(bytes.byteLength));
  });
}
