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

const encoder = new TextEncoder();

/**
 * A copy of `request` with a new body. A string or byte body gets its exact `content-length`, so a
 * handler reading the header sees the new length; any other body leaves the length to the runtime.
 */
export function withBody(request: Request, body: BodyInit | null, contentType?: string): Request {
  const headers = new Headers(request.headers);
  headers.delete("content-length");
  headers.delete("transfer-encoding");
  if (contentType !== undefined) headers.set("content-type", contentType);
  const bytes = typeof body === "string" ? encoder.encode(body) : body;
  if (bytes instanceof Uint8Array) headers.set("content-length", String(bytes.byteLength));
  return new Request(request.url, { method: request.method, headers, body: bytes, signal: request.signal });
}
