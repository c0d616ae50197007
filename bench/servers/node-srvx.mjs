// Peer: srvx's Node adapter (its FastResponse), serving the same application as ours and bare.
import { FastResponse, serve } from "srvx/node";
import { announce, invoke, PING_BODY } from "./app.mjs";

const JSON_HEADERS = { "content-type": "application/json" };
const json = (value) => new FastResponse(JSON.stringify(value), { headers: JSON_HEADERS });

announce("ready");
const server = serve({
  port: 0,
  hostname: "127.0.0.1",
  silent: true,
  async fetch(request) {
    const path = new URL(request.url).pathname;
    if (path === "/ping" && request.method === "GET") return json(PING_BODY);
    if (path === "/invocations" && request.method === "POST") {
      const body = await request.json();
      return invoke(body) ?? json(body);
    }
    return new FastResponse('{"detail":"Not Found"}', { status: 404, headers: JSON_HEADERS });
  },
});
await server.ready();
announce("listening", { port: Number(new URL(server.url).port) });
