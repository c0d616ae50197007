// src/logging.ts
var LOGGER_NAME = "model_hosting_container_standards";
var NAMED_LEVELS = {
  NOTSET: 0,
  DEBUG: 10,
  INFO: 20,
  WARN: 30,
  WARNING: 30,
  ERROR: 40,
  FATAL: 50,
  CRITICAL: 50
};
var ERROR_LEVEL = 40;
var DEBUG_LEVEL = 10;
function resolveLogLevel(env) {
  const raw = env.SAGEMAKER_CONTAINER_LOG_LEVEL !== void 0 ? env.SAGEMAKER_CONTAINER_LOG_LEVEL : env.LOG_LEVEL;
  if (raw === void 0) return ERROR_LEVEL;
  return parseLogLevel(raw) ?? ERROR_LEVEL;
}
function parseLogLevel(raw) {
  if (/^-?\d+$/.test(raw)) return Number(raw);
  return NAMED_LEVELS[raw.toUpperCase()];
}
function createConsoleLogger() {
  const write = (level, message) => {
    console.log(`[${level}] ${LOGGER_NAME} - ${message}`);
  };
  return {
    debug: (m) => write("DEBUG", m),
    info: (m) => write("INFO", m),
    warn: (m) => write("WARNING", m),
    error: (m) => write("ERROR", m)
  };
}
var noop = () => {
};
function withLevel(target, level) {
  return {
    debug: level <= 10 ? (m) => target.debug(m) : noop,
    info: level <= 20 ? (m) => target.info(m) : noop,
    warn: level <= 30 ? (m) => target.warn(m) : noop,
    error: level <= 40 ? (m) => target.error(m) : noop
  };
}
function describeError(error) {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
function isLogger(value) {
  return typeof value === "object" && value !== null && ["debug", "info", "warn", "error"].every((method) => typeof value[method] === "function");
}

export {
  NAMED_LEVELS,
  DEBUG_LEVEL,
  resolveLogLevel,
  parseLogLevel,
  createConsoleLogger,
  withLevel,
  describeError,
  isLogger
};
