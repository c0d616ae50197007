import { announce, bareFetch } from "./app.mjs";

announce("ready");
Deno.serve({ port: 0, hostname: "127.0.0.1", onListen: ({ port }) => announce("listening", { port }) }, bareFetch);
