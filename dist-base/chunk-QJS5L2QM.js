// src/sessions/ids.ts
var SESSION_ID_PATTERN = /^[a-zA-Z0-9](-*[a-zA-Z0-9])*$/;
var MAX_ID_LENGTH = 256;
function isValidSessionId(id) {
  return typeof id === "string" && id.length > 0 && id.length <= MAX_ID_LENGTH && SESSION_ID_PATTERN.test(id);
}
function newSessionId() {
  return globalThis.crypto.randomUUID();
}
function expiryFrom(nowMs, ttlSeconds) {
  return Math.floor((nowMs + ttlSeconds * 1e3) / 1e3) * 1e3;
}
function formatExpires(expiresAt) {
  return `${expiresAt.toISOString().slice(0, 19)}Z`;
}
function newSessionHeaderValue(id, expiresAt) {
  return `${id}; Expires=${formatExpires(expiresAt)}`;
}

// src/sessions/session-keys.ts
var MAX_SESSION_KEY_LENGTH = 256;
var LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
function sessionKeyProblem(key) {
  if (typeof key !== "string") return `must be a string, got ${typeof key}`;
  if (key.length === 0) return "must not be empty";
  if (key.length > MAX_SESSION_KEY_LENGTH && [...key].length > MAX_SESSION_KEY_LENGTH) {
    return `must be at most ${MAX_SESSION_KEY_LENGTH} characters, got ${[...key].length}`;
  }
  if (LONE_SURROGATE.test(key)) return "must be well-formed Unicode (it holds a lone surrogate)";
  return void 0;
}
function assertSessionKey(key) {
  const problem = sessionKeyProblem(key);
  if (problem) throw new RangeError(`Invalid session key: ${problem}`);
}
function serializeSessionValue(value) {
  let text;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new TypeError(`Session values must be JSON: ${error.message}`);
  }
  if (text === void 0) throw new TypeError(`Session values must be JSON, got ${typeof value}`);
  return text;
}
var SessionNotFoundError = class extends Error {
  sessionId;
  constructor(sessionId) {
    super(`session not found: ${sessionId.length > 256 ? `${sessionId.slice(0, 256)}...` : sessionId}`);
    this.sessionId = sessionId;
  }
  get name() {
    return "SessionNotFoundError";
  }
};
function isSessionNotFound(error) {
  return error instanceof SessionNotFoundError || error instanceof Error && error.name === "SessionNotFoundError";
}

export {
  SESSION_ID_PATTERN,
  isValidSessionId,
  newSessionId,
  expiryFrom,
  newSessionHeaderValue,
  sessionKeyProblem,
  assertSessionKey,
  serializeSessionValue,
  SessionNotFoundError,
  isSessionNotFound
};
