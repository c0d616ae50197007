import { createServer } from "node:http";
import { ADAPTER_HEADER, announce, invoke, PING_BODY, withAdapter } from "./app.mjs";

const JSON_HEADERS = { "content-type": "application/json" };

function sendJson(response, value) {
  const body = JSON.stringify(value);
  response.writeHead(200, { ...JSON_HEADERS, "content-length": Buffer.byteLength(body) });
  response.end(body);
}

async function sendStream(response, stream) {
  response.writeHead(200, { "content-type": "application/octet-stream" });
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (!response.write(value)) await new Promise((resolve) => response.once("drain", resolve));
  }
  response.end();
}

announce("ready");
const server = createServer((request, response) => {
  if (request.url === "/ping" && request.method === "GET") return sendJson(response, PING_BODY);
  if (request.url === "/invocations" && request.method === "POST") {
    const chunks = [];
    request.on("data", (chunk) => chunks.push(chunk));
    request.on("end", () => {
      const body = withAdapter(JSON.parse(Buffer.concat(chunks).toString("utf8")), request.headers[ADAPTER_HEADER]);
      const streamed = invoke(body);
      if (streamed) void sendStream(response, streamed.body);
      else sendJson(response, body);
    });
    return;
  }
  response.writeHead(404, JSON_HEADERS).end('{"detail":"Not Found"}');
});
server.keepAliveTimeout = 65_000;
server.listen(0, "127.0.0.1", () => announce("listening", { port: server.address().port }));
