import * as lib from "../../dist/runtimes/bun.js";
import { announce, configFor } from "./app.mjs";

const { createSageMakerHandler, serve } = lib;
const handler = createSageMakerHandler(configFor(lib));
await handler.ready();
announce("ready");
const server = await serve(handler, { port: 0, hostname: "127.0.0.1", announce: false });
announce("listening", { port: server.port });
