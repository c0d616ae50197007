// Peer: Hono on @hono/node-server, serving the same application as ours and bare.
import { serve } from "@hono/node-server";
import { announce } from "./app.mjs";
import { honoApp } from "./node-apps.mjs";

const app = await honoApp();
announce("ready");
const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info) => announce("listening", { port: info.port }));
server.keepAliveTimeout = 65_000;
