import { createSageMakerHandler, serve } from "../../dist/runtimes/deno.js";
import { announce, config } from "./app.mjs";

const handler = createSageMakerHandler(config);
await handler.ready();
announce("ready");
const server = await serve(handler, { port: 0, hostname: "127.0.0.1", announce: false });
announce("listening", { port: server.port });
