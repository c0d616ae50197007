import { announce, bareFetch } from "./app.mjs";

announce("ready");
const server = Bun.serve({ port: 0, hostname: "127.0.0.1", idleTimeout: 0, fetch: bareFetch });
announce("listening", { port: server.port });
