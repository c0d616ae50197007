// Logging: level resolution (ref-core section 6, items 71-76), the default console line, no global changes,
// payload-free logs above DEBUG.
import { afterEach, describe, expect, it, vi } from "vitest";
import { createSageMakerHandler } from "../../src/index.ts";
import { LOGGER_NAME, createConsoleLogger, parseLogLevel, resolveLogLevel, withLevel } from "../../src/logging.ts";
import { memoryLogger } from "../support/harness.ts";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("level resolution", () => {
  it("items 71-72: default ERROR; SAGEMAKER_CONTAINER_LOG_LEVEL, else LOG_LEVEL", () => {
    expect(resolveLogLevel({})).toBe(40);
    for (const [name, level] of [["DEBUG", 10], ["INFO", 20], ["WARNING", 30], ["ERROR", 40], ["CRITICAL", 50], ["NOTSET", 0]] as const) {
      expect(resolveLogLevel({ SAGEMAKER_CONTAINER_LOG_LEVEL: name })).toBe(level);
    }
    expect(resolveLogLevel({ LOG_LEVEL: "DEBUG" })).toBe(10);
    expect(resolveLogLevel({ LOG_LEVEL: "DEBUG", SAGEMAKER_CONTAINER_LOG_LEVEL: "WARNING" })).toBe(30);
    // Set but empty does not fall back to LOG_LEVEL (the reference's rule).
    expect(resolveLogLevel({ LOG_LEVEL: "DEBUG", SAGEMAKER_CONTAINER_LOG_LEVEL: "" })).toBe(40);
  });

  it("items 73-74: any case, integer strings are numeric levels, anything else is ERROR", () => {
    expect(resolveLogLevel({ SAGEMAKER_CONTAINER_LOG_LEVEL: "debug" })).toBe(10);
    expect(resolveLogLevel({ SAGEMAKER_CONTAINER_LOG_LEVEL: "Info" })).toBe(20);
    for (const n of ["10", "20", "30", "40", "50", "25", "0", "100", "-10"]) {
      expect(resolveLogLevel({ SAGEMAKER_CONTAINER_LOG_LEVEL: n })).toBe(Number(n));
    }
    for (const bad of ["INVALID_LEVEL", "", "   ", "DEBUG!@#", "10.5"]) {
      expect(resolveLogLevel({ SAGEMAKER_CONTAINER_LOG_LEVEL: bad }), JSON.stringify(bad)).toBe(40);
    }
  });

  it("item 76: parseLogLevel", () => {
    expect(parseLogLevel("debug")).toBe(10);
    expect(parseLogLevel("CrItIcAl")).toBe(50);
    expect(parseLogLevel("-10")).toBe(-10);
    expect(parseLogLevel("999")).toBe(999);
    expect(parseLogLevel("10.5")).toBeUndefined();
    expect(parseLogLevel("invalid")).toBeUndefined();
  });

  it("withLevel drops messages below the level", () => {
    const target = memoryLogger();
    const logger = withLevel(target, 30);
    logger.debug("d");
    logger.info("i");
    logger.warn("w");
    logger.error("e");
    expect(target.lines).toEqual(["[WARNING] w", "[ERROR] e"]);
  });
});

describe("the default console logger", () => {
  it(`item 75: one line per message, "[LEVEL] ${LOGGER_NAME} - message", on stdout`, () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const logger = createConsoleLogger();
    logger.info("Starting SageMaker bootstrap process");
    logger.warn("careful");
    expect(log.mock.calls).toEqual([
      ["[INFO] model_hosting_container_standards - Starting SageMaker bootstrap process"],
      ["[WARNING] model_hosting_container_standards - careful"],
    ]);
  });

  it("a handler with the default logger changes no global logging and logs nothing at ERROR for a good start", async () => {
    const before = { log: console.log, error: console.error, debug: console.debug, warn: console.warn, info: console.info };
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const handler = createSageMakerHandler({ env: { SAGEMAKER_MODEL_PATH: "/nonexistent-model-dir" }, ping: () => "ok" });
    await handler.ready();
    await handler.fetch(new Request("http://localhost/ping"));
    expect(log).not.toHaveBeenCalled();
    vi.restoreAllMocks();
    expect({ log: console.log, error: console.error, debug: console.debug, warn: console.warn, info: console.info }).toEqual(before);
  });

  it("at INFO the bootstrap steps and the chosen handlers are logged", async () => {
    const logger = memoryLogger();
    const handler = createSageMakerHandler({ logger, env: { SAGEMAKER_MODEL_PATH: "/nonexistent-model-dir", LOG_LEVEL: "INFO" }, ping: () => "ok" });
    await handler.ready();
    expect(logger.lines).toEqual([
      "[INFO] Starting SageMaker bootstrap process",
      "[INFO] [PING] handler: config.ping",
      "[INFO] SageMaker bootstrap completed successfully",
    ]);
  });
});

describe("payloads are logged only at DEBUG", () => {
  const post = () => new Request("http://localhost/invocations?user=alice", { method: "POST", body: "secret-payload", headers: { "content-type": "text/plain" } });

  it("at DEBUG each request line is logged; never the body", async () => {
    const logger = memoryLogger();
    const handler = createSageMakerHandler({ logger, env: { SAGEMAKER_CONTAINER_LOG_LEVEL: "DEBUG", SAGEMAKER_MODEL_PATH: "/nonexistent-model-dir" }, invocations: async (r) => r.text() });
    await handler.fetch(post());
    expect(logger.lines).toContain("[DEBUG] Request: POST http://localhost/invocations?user=alice content-type=text/plain content-length=-");
    expect(logger.lines.join("\n")).not.toContain("secret-payload");
  });

  for (const level of ["INFO", "WARNING", "ERROR"]) {
    it(`at ${level} no request line (URL, query) reaches the logger`, async () => {
      const logger = memoryLogger();
      const handler = createSageMakerHandler({ logger, env: { SAGEMAKER_CONTAINER_LOG_LEVEL: level, SAGEMAKER_MODEL_PATH: "/nonexistent-model-dir" }, invocations: async (r) => r.text() });
      await handler.fetch(post());
      expect(logger.lines.join("\n")).not.toContain("alice");
      expect(logger.lines.join("\n")).not.toContain("secret-payload");
    });
  }
});
