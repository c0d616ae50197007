// Peer: Hono on @hono/node-server, serving the same application as ours and bare.
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { announce, invoke, PING_BODY } from "./app.mjs";

const app = new Hono();
app.get("/ping", (c) => c.json(PING_BODY));
app.post("/invocations", async (c) => {
  const body = await c.req.json();
  return invoke(body) ?? c.json(body);
});

announce("ready");
const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info) => announce("listening", { port: info.port }));
server.keepAliveTimeout = 65_000;
