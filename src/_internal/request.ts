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

/** A copy of `request` with a new body; `content-length` is recomputed by the runtime. */
export function withBody(request: Request, body: BodyInit | null, contentType?: string): Request {
  const headers = new Headers(request.headers);
  headers.delete("content-length");
  headers.delete("transfer-encoding");
  if (contentType !== undefined) headers.set("content-type", contentType);
  return new Request(request.url, { method: request.method, headers, body, signal: request.signal });
}

/** A copy of `request` with other headers and the same body. */
export function withHeaders(request: Request, headers: Headers): Request {
  const hasBody = request.body !== null && request.method !== "GET" && request.method !== "HEAD";
  return new Request(request.url, {
    method: request.method,
    headers,
    body: hasBody ? request.body : null,
    signal: request.signal,
    ...(hasBody ? { duplex: "half" } : {}),
  } as RequestInit);
}
