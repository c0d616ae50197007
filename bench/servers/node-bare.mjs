import { createServer } from "node:http";
import { announce } from "./app.mjs";
import { bareListener } from "./node-apps.mjs";

announce("ready");
const server = createServer(bareListener());
server.keepAliveTimeout = 65_000;
server.listen(0, "127.0.0.1", () => announce("listening", { port: server.address().port }));
