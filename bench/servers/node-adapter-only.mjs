// Diagnostic: @whatwg-node/server with native fetch classes and a trivial handler, no library pipeline.
import { createServer } from "node:http";
import { createServerAdapter } from "@whatwg-node/server";
import { announce, bareFetch } from "./app.mjs";

const adapter = createServerAdapter(bareFetch, {
  fetchAPI: { Request, Response, Headers, ReadableStream, WritableStream, TransformStream, URL, URLSearchParams, fetch, TextEncoder, TextDecoder, Blob, FormData },
});
announce("ready");
const server = createServer(adapter);
server.listen(0, "127.0.0.1", () => announce("listening", { port: server.address().port }));
