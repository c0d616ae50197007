export const SMUGGLED = "GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n";
export const PIPELINED = "GET /pipelined HTTP/1.1\r\nHost: x\r\n\r\n";
const post = (headers: string, body = "") => `POST /invocations HTTP/1.1\r\nHost: x\r\n${headers}\r\n${body}`;

/** Request-smuggling shapes: each either is refused or is read with one unambiguous framing. */
export const SMUGGLING: Array<[string, string]> = [
  ["Content-Length with Transfer-Encoding", post("Content-Length: 4\r\nTransfer-Encoding: chunked\r\n", `0\r\n\r\n${SMUGGLED}`)],
  ["Transfer-Encoding with Content-Length", post("Transfer-Encoding: chunked\r\nContent-Length: 40\r\n", `0\r\n\r\n${SMUGGLED}`)],
  ["two different Content-Length", post("Content-Length: 2\r\nContent-Length: 40\r\n", `ab${SMUGGLED}`)],
  ["Content-Length list", post("Content-Length: 2, 40\r\n", `ab${SMUGGLED}`)],
  ["Content-Length +4", post("Content-Length: +4\r\n", `abcd${SMUGGLED}`)],
  ["Content-Length -1", post("Content-Length: -1\r\n", SMUGGLED)],
  ["Transfer-Encoding: xchunked", post("Transfer-Encoding: xchunked\r\n", `0\r\n\r\n${SMUGGLED}`)],
  ["Transfer-Encoding: chunked, identity", post("Transfer-Encoding: chunked, identity\r\n", `0\r\n\r\n${SMUGGLED}`)],
  ["Transfer-Encoding twice", post("Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n", `0\r\n\r\n${SMUGGLED}`)],
  ["space before colon", post("Transfer-Encoding : chunked\r\n", `0\r\n\r\n${SMUGGLED}`)],
  ["obs-fold hiding Transfer-Encoding", post("X-A: a\r\n Transfer-Encoding: chunked\r\nContent-Length: 4\r\n", `abcd${SMUGGLED}`)],
  ["obs-fold in a value", post("X-A: a\r\n b\r\nContent-Length: 4\r\n", "abcd")],
  ["bare LF line ends", "POST /invocations HTTP/1.1\nHost: x\nContent-Length: 4\n\nabcd"],
  ["bare LF in chunked body", post("Transfer-Encoding: chunked\r\n", `4\nabcd\n0\n\n${SMUGGLED}`)],
  ["bare CR in a header", post("X-A: a\rSet-Cookie: x\r\nContent-Length: 0\r\n")],
  ["NUL in a header", post("X-A: a\0b\r\nContent-Length: 0\r\n")],
  ["chunk size overflow", post("Transfer-Encoding: chunked\r\n", `fffffffffffffffff1\r\nab\r\n0\r\n\r\n${SMUGGLED}`)],
  ["quoted CRLF in chunk extension", post("Transfer-Encoding: chunked\r\n", `4;a="b\r\nc"\r\nabcd\r\n0\r\n\r\n${SMUGGLED}`)],
  ["HTTP/1.0 with Transfer-Encoding", `POST /invocations HTTP/1.0\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n${SMUGGLED}`],
  ["no Host", "POST /invocations HTTP/1.1\r\nContent-Length: 2\r\n\r\nab"],
  ["20 KB header", post(`X-A: ${"a".repeat(20_000)}\r\nContent-Length: 2\r\n`, "ab")],
  ["control character in method", "G\x01T /ping HTTP/1.1\r\nHost: x\r\n\r\n"],
  // Legitimate framings: answered, and the pipelined request after them is a request of its own.
  ["tab before chunked (valid OWS)", post("Transfer-Encoding:\tchunked\r\n", `0\r\n\r\n${PIPELINED}`)],
  ["pipelined after Content-Length", post("Content-Length: 2\r\n", `ab${PIPELINED}`)],
];

