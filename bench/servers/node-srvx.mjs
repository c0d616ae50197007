// Peer: srvx's Node adapter (its FastResponse), serving the same application as ours and bare.
import { serve } from "srvx/node";
import { announce } from "./app.mjs";
import { srvxFetch } from "./node-apps.mjs";

const fetch = await srvxFetch();
announce("ready");
const server = serve({ port: 0, hostname: "127.0.0.1", silent: true, fetch });
await server.ready();
announce("listening", { port: Number(new URL(server.url).port) });
