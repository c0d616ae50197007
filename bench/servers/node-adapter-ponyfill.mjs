// Peer: @whatwg-node/server with its default ponyfill classes, echoing like app.mjs (GET answers /ping).
import { createServer } from "node:http";
import { createServerAdapter, Response as PonyfillResponse } from "@whatwg-node/server";
import { announce, PING_BODY } from "./app.mjs";

const adapter = createServerAdapter(async (request) => {
  if (request.method === "GET") return PonyfillResponse.json(PING_BODY);
  return PonyfillResponse.json(await request.json());
});
announce("ready");
const server = createServer(adapter);
server.listen(0, "127.0.0.1", () => announce("listening", { port: server.address().port }));
