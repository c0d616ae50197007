#!/usr/bin/env node
import {
  NAMED_LEVELS,
  parseLogLevel,
  withLevel
} from "./chunk-5INBP2CT.js";
import {
  SageMakerConfigError
} from "./chunk-R6SGHOIN.js";

// supervisor/child.ts
import { spawn } from "child_process";
import { constants } from "os";
function startChild(argv, options) {
  const [command, ...args] = argv;
  const child = spawn(command, args, { detached: true, shell: false, stdio: options.stdio, env: options.env, cwd: options.cwd });
  const exited = new Promise((resolve) => {
    child.once("error", (error) => {
      if (child.pid === void 0) resolve({ code: null, signal: null, error });
    });
    child.once("exit", (code2, signal) => {
      if (child.pid !== void 0) killQuietly(-child.pid);
      resolve({ code: code2, signal });
    });
  });
  const pid = child.pid;
  return {
    pid,
    exited,
    stdout: child.stdout,
    stderr: child.stderr,
    signalGroup(signal) {
      if (pid === void 0) return;
      try {
        process.kill(-pid, signal);
      } catch (error) {
        if (error.code === "ESRCH") return;
        try {
          child.kill(signal);
        } catch {
        }
      }
    }
  };
}
function killQuietly(pid) {
  try {
    process.kill(pid, "SIGKILL");
  } catch {
  }
}
function exitStatus(exit) {
  if (exit.code !== null) return exit.code;
  if (exit.signal !== null) return 128 + (constants.signals[exit.signal] ?? 0);
  return 1;
}
function describeExit(exit) {
  if (exit.error) return exit.error.message;
  if (exit.code !== null) return `exit status ${exit.code}`;
  return `terminated by ${exit.signal ?? "an unknown signal"}`;
}
function delay(ms) {
  let abort = () => {
  };
  const done = new Promise((resolve) => {
    const timer = setTimeout(() => resolve(true), ms);
    abort = () => {
      clearTimeout(timer);
      resolve(false);
    };
  });
  return { done, abort };
}
function stopChild(child, options) {
  const wait = delay(options.timeoutSeconds * 1e3);
  const signalled = performance.now();
  let killed = false;
  const kill = (elapsedSeconds) => {
    if (killed) return;
    killed = true;
    options.onKill?.(elapsedSeconds);
    child.signalGroup("SIGKILL");
  };
  child.signalGroup(options.signal);
  void wait.done.then((elapsed) => {
    if (elapsed) kill(options.timeoutSeconds);
  });
  const stopped = child.exited.then((exit) => {
    wait.abort();
    return exit;
  });
  return {
    stopped,
    escalate: () => {
      wait.abort();
      kill(Math.round((performance.now() - signalled) / 100) / 10);
    }
  };
}

// supervisor/install-plan.ts
import { accessSync, constants as constants2, existsSync, readFileSync } from "fs";
import { basename, join } from "path";
var LOCKFILES = [
  ["package-lock.json", "npm"],
  ["npm-shrinkwrap.json", "npm"],
  ["bun.lock", "bun"],
  ["bun.lockb", "bun"],
  ["deno.lock", "deno"],
  ["pnpm-lock.yaml", "pnpm"],
  ["yarn.lock", "yarn"]
];
var FROZEN_ARGS = {
  npm: ["ci", "--omit=dev", "--no-audit", "--no-fund"],
  bun: ["install", "--frozen-lockfile", "--production"],
  deno: ["install", "--frozen-lockfile", "--prod"],
  pnpm: ["install", "--frozen-lockfile", "--prod"],
  yarn: ["install", "--frozen-lockfile", "--production"]
};
var UNLOCKED_ARGS = {
  npm: ["install", "--omit=dev", "--no-audit", "--no-fund"],
  bun: ["install", "--production"],
  deno: ["install", "--prod"]
};
function currentRuntime() {
  if (process.versions.bun !== void 0) return "bun";
  if (process.versions.deno !== void 0) return "deno";
  return "node";
}
function executableFor(tool) {
  return (tool === "bun" || tool === "deno") && currentRuntime() === tool ? process.execPath : tool;
}
function unlockedTool(argv) {
  const launcher = basename(argv[0] ?? "");
  if (launcher === "bun" || launcher === "bunx") return "bun";
  if (launcher === "deno") return "deno";
  if (launcher === "node" || launcher === "nodejs" || launcher === "npm" || launcher === "npx") return "npm";
  const runtime = currentRuntime();
  return runtime === "node" ? "npm" : runtime;
}
function dependencyNames(manifestPath) {
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
  if (typeof manifest !== "object" || manifest === null || Array.isArray(manifest)) throw new Error("not a JSON object");
  const dependencies = manifest.dependencies;
  if (dependencies === void 0) return [];
  if (typeof dependencies !== "object" || dependencies === null || Array.isArray(dependencies)) throw new Error('"dependencies" is not an object');
  return Object.keys(dependencies);
}
function planInstall(settings, argv) {
  const dir = settings.modelDir;
  if (!settings.enabled) return { kind: "skip", level: "info", reason: "Automatic dependency installation disabled (STANDARD_AUTO_INSTALL_REQ)" };
  const manifestPath = join(dir, "package.json");
  if (!existsSync(manifestPath)) {
    if (existsSync(join(dir, "requirements.txt"))) {
      return { kind: "skip", level: "info", reason: `${dir}/requirements.txt is not installed: the JavaScript supervisor installs package.json dependencies only` };
    }
    return { kind: "skip", level: "debug", reason: `No package.json found in ${dir}` };
  }
  let names;
  try {
    names = dependencyNames(manifestPath);
  } catch (error) {
    return { kind: "fail", reason: `cannot read ${manifestPath}: ${error.message}` };
  }
  if (names.length === 0) return { kind: "skip", level: "debug", reason: `${manifestPath} has no dependencies` };
  const missing = names.filter((name) => !existsSync(join(dir, "node_modules", name, "package.json")));
  if (missing.length === 0) {
    return { kind: "skip", level: "info", reason: `${join(dir, "node_modules")} already holds all ${names.length} dependencies: not installing` };
  }
  try {
    accessSync(dir, constants2.W_OK);
  } catch {
    return {
      kind: "fail",
      reason: `${dir} is not writable, so its dependencies (${missing.join(", ")}) cannot be installed in place: ship node_modules in the model artifact or set STANDARD_AUTO_INSTALL_REQ=false`
    };
  }
  const locked = LOCKFILES.find(([file]) => existsSync(join(dir, file)));
  const tool = locked ? locked[1] : unlockedTool(argv);
  const args = locked ? FROZEN_ARGS[tool] : UNLOCKED_ARGS[tool];
  return { kind: "run", tool, command: [executableFor(tool), ...args, ...settings.extraArgs], cwd: dir, missing };
}

// supervisor/run-context.ts
function spawnErrorText(error) {
  if (error.code === "ENOENT") return "No such file or directory";
  if (error.code === "EACCES") return "Permission denied";
  return error.message;
}

// supervisor/split-args.ts
function splitArgs(input) {
  const words = [];
  let word = "";
  let inWord = false;
  let index = 0;
  while (index < input.length) {
    const char = input[index];
    if (char === "'") {
      const end = input.indexOf("'", index + 1);
      if (end === -1) throw new Error("no closing quotation (')");
      word += input.slice(index + 1, end);
      inWord = true;
      index = end + 1;
    } else if (char === '"') {
      index += 1;
      let closed = false;
      while (index < input.length) {
        const inner = input[index];
        if (inner === '"') {
          closed = true;
          index += 1;
          break;
        }
        if (inner === "\\" && index + 1 < input.length && '"\\$`'.includes(input[index + 1])) {
          word += input[index + 1];
          index += 2;
        } else {
          word += inner;
          index += 1;
        }
      }
      if (!closed) throw new Error('no closing quotation (")');
      inWord = true;
    } else if (char === "\\") {
      if (index + 1 >= input.length) throw new Error("no escaped character after the trailing backslash");
      word += input[index + 1];
      inWord = true;
      index += 2;
    } else if (/\s/.test(char)) {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
      index += 1;
    } else {
      word += char;
      inWord = true;
      index += 1;
    }
  }
  if (inWord) words.push(word);
  return words;
}
function quoteForLog(argv) {
  return argv.map((arg) => /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`).join(" ");
}

// supervisor/install.ts
async function installDependencies(context) {
  const { settings, logger, stops } = context;
  const plan = planInstall(settings.install, context.argv);
  if (plan.kind === "skip") {
    logger[plan.level](plan.reason);
    return "skipped";
  }
  if (plan.kind === "fail") {
    logger.error(`Dependency installation failed: ${plan.reason}`);
    return "failed";
  }
  logger.info(`Installing dependencies in ${plan.cwd} (missing: ${plan.missing.join(", ")}): ${quoteForLog(plan.command)}`);
  const installer = startChild(plan.command, {
    cwd: plan.cwd,
    env: { ...context.env, npm_config_update_notifier: "false" },
    stdio: ["ignore", "pipe", "pipe"]
  });
  const streams = [installer.stdout, installer.stderr].filter((stream) => stream !== null);
  for (const stream of streams) stream.on("data", (chunk) => process.stderr.write(chunk));
  const outputDone = Promise.all(streams.map((stream) => new Promise((resolve) => stream.once("close", resolve))));
  let stopper;
  const unsubscribe = stops.subscribe(() => {
    if (stopper) stopper.escalate();
    else stopper = stopChild(installer, { signal: "SIGTERM", timeoutSeconds: Math.min(settings.stopTimeoutSeconds, 5) });
  });
  if (stops.requested) stopper = stopChild(installer, { signal: "SIGTERM", timeoutSeconds: 0 });
  const timeout = settings.install.timeoutSeconds === void 0 ? void 0 : delay(settings.install.timeoutSeconds * 1e3);
  let timedOut = false;
  void timeout?.done.then((elapsed) => {
    if (!elapsed) return;
    timedOut = true;
    installer.signalGroup("SIGKILL");
  });
  const exit = await installer.exited;
  const grace = delay(2e3);
  await Promise.race([outputDone, grace.done]);
  grace.abort();
  timeout?.abort();
  unsubscribe();
  if (stops.requested) {
    logger.info("Dependency installation interrupted by a stop request");
    return "stopped";
  }
  if (exit.error) {
    logger.error(`Dependency installation failed: cannot run '${plan.command[0]}': ${spawnErrorText(exit.error)} (is ${plan.tool} installed?)`);
    return "failed";
  }
  if (timedOut) {
    logger.error(`Dependency installation failed: still running after STANDARD_INSTALL_TIMEOUT=${settings.install.timeoutSeconds} s`);
    return "failed";
  }
  if (exit.code !== 0) {
    logger.error(`Dependency installation failed (${describeExit(exit)}); see the ${plan.tool} output above`);
    return "failed";
  }
  logger.info("Dependency installation completed successfully");
  return "installed";
}

// supervisor/logger.ts
function createLogger(level, write = (line) => void process.stderr.write(line)) {
  const at = (name) => (message) => write(`[${name}] standard-supervisor - ${message}
`);
  return withLevel({ debug: at("DEBUG"), info: at("INFO"), warn: at("WARNING"), error: at("ERROR") }, level);
}

// supervisor/pass-through.ts
async function passThrough(context) {
  const { argv, settings, logger, stops } = context;
  const stdin = process.stdin.isTTY ? "ignore" : "inherit";
  const child = startChild(argv, { env: context.env, stdio: [stdin, "inherit", "inherit"] });
  let stopper;
  const onStop = (signal) => {
    if (stopper === void 0) {
      stopper = stopChild(child, {
        signal,
        timeoutSeconds: settings.stopTimeoutSeconds,
        onKill: (seconds) => logger.warn(`killing '${argv[0]}' (${child.pid}) with SIGKILL: still running after ${seconds} s`)
      });
    } else {
      stopper.escalate();
    }
  };
  const unsubscribe = stops.subscribe(onStop);
  stops.forwardTo((signal) => child.signalGroup(signal));
  if (stops.signal !== void 0) onStop(stops.signal);
  const exit = await child.exited;
  unsubscribe();
  stops.forwardTo(void 0);
  if (exit.error) {
    process.stderr.write(`ERROR: ${argv[0]}: ${spawnErrorText(exit.error)}
`);
    return exit.error.code === "ENOENT" ? 127 : 126;
  }
  return exitStatus(exit);
}

// supervisor/env-values.ts
function invalidEnv(name, message) {
  return new SageMakerConfigError(`${name} ${message}`, { code: "INVALID_ENV", variable: name });
}
function present(env, name) {
  const raw = env[name];
  return raw === void 0 || raw.trim() === "" ? void 0 : raw;
}
var TRUTHY = /* @__PURE__ */ new Set(["true", "1", "yes", "on"]);
var FALSY = /* @__PURE__ */ new Set(["false", "0", "no", "off"]);
function readBool(env, name, fallback) {
  const raw = present(env, name);
  if (raw === void 0) return fallback;
  const value = raw.trim().toLowerCase();
  if (TRUTHY.has(value)) return true;
  if (FALSY.has(value)) return false;
  throw invalidEnv(name, `must be one of true, 1, yes, on, false, 0, no, off (any case), got '${raw}'`);
}
function readInt(env, name, fallback, min, max) {
  const raw = present(env, name);
  if (raw === void 0) return fallback;
  const trimmed = raw.trim();
  if (!/^\+?\d+$/.test(trimmed)) throw invalidEnv(name, `must be an integer, got '${raw}'`);
  const value = Number(trimmed);
  if (value < min || value > max) throw invalidEnv(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}
function readSeconds(env, name, fallback, min, max) {
  const raw = present(env, name);
  if (raw === void 0) return fallback;
  const trimmed = raw.trim();
  if (!/^\+?(\d+(\.\d*)?|\.\d+)$/.test(trimmed)) throw invalidEnv(name, `must be a number of seconds, got '${raw}'`);
  const value = Number(trimmed);
  if (value < min || value > max) throw invalidEnv(name, `must be between ${min} and ${max} seconds, got ${value}`);
  return value;
}
var SUPERVISOR_LEVELS = { ...NAMED_LEVELS, TRACE: 5 };
var LEVEL_NAMES = Object.entries(SUPERVISOR_LEVELS).sort(([a, x], [b, y]) => x - y || (a < b ? -1 : 1)).map(([level]) => `'${level.toLowerCase()}'`);
function readLevel(env, name) {
  const raw = env[name];
  if (raw === void 0) return void 0;
  const trimmed = raw.trim();
  const level = trimmed.startsWith("-") ? void 0 : parseLogLevel(trimmed) ?? SUPERVISOR_LEVELS[trimmed.toUpperCase()];
  if (level === void 0) throw invalidEnv(name, `must be one of [${LEVEL_NAMES.join(", ")}] or an integer level, got '${raw}'`);
  return level;
}
function readChoice(env, name, fallback, choices) {
  const raw = present(env, name);
  if (raw === void 0) return fallback;
  const choice = choices[raw.trim().toLowerCase()];
  if (choice === void 0) throw invalidEnv(name, `must be one of ${Object.keys(choices).join(", ")}, got '${raw}'`);
  return choice;
}
function readExitCodes(env, name, fallback) {
  const raw = present(env, name);
  if (raw === void 0) return fallback;
  const parts = raw.split(",").map((part) => part.trim());
  if (parts.some((part) => !/^\d+$/.test(part) || Number(part) > 255)) {
    throw invalidEnv(name, `must be a comma-separated list of exit codes 0-255, got '${raw}'`);
  }
  return parts.map(Number);
}

// supervisor/settings.ts
var DEFAULT_MODEL_DIR = "/opt/ml/model";
var DEFAULT_STOP_TIMEOUT_SECONDS = 28;
var SAGEMAKER_KILL_SECONDS = 30;
var PREFIX = "SUPERVISOR_PROGRAM__APP_";
var HONOURED_OVERRIDES = /* @__PURE__ */ new Set(["STARTSECS", "STARTRETRIES", "STOPWAITSECS", "AUTORESTART", "EXITCODES", "STOPSIGNAL"]);
var INJECTED = /* @__PURE__ */ new Set(["SUPERVISOR_ENABLED", "SUPERVISOR_PROCESS_NAME", "SUPERVISOR_GROUP_NAME", "SUPERVISOR_SERVER_URL"]);
var AUTORESTART_CHOICES = {
  true: "always",
  yes: "always",
  on: "always",
  "1": "always",
  false: "never",
  no: "never",
  off: "never",
  "0": "never",
  unexpected: "unexpected"
};
var STOP_SIGNALS = {
  term: "SIGTERM",
  sigterm: "SIGTERM",
  int: "SIGINT",
  sigint: "SIGINT",
  quit: "SIGQUIT",
  sigquit: "SIGQUIT",
  hup: "SIGHUP",
  sighup: "SIGHUP",
  usr2: "SIGUSR2",
  sigusr2: "SIGUSR2",
  kill: "SIGKILL",
  sigkill: "SIGKILL"
};
function supervisorWarnings(env) {
  const warnings = [];
  for (const name of Object.keys(env).sort()) {
    if (!name.startsWith("SUPERVISOR_") || INJECTED.has(name)) continue;
    if (name === "SUPERVISOR_CONFIG_PATH") {
      warnings.push("SUPERVISOR_CONFIG_PATH is ignored: this supervisor writes no supervisord config file");
    } else if (!(name.startsWith(PREFIX) && HONOURED_OVERRIDES.has(name.slice(PREFIX.length)))) {
      warnings.push(`${name} is ignored: only ${[...HONOURED_OVERRIDES].map((key) => PREFIX + key).join(", ")} are honoured`);
    }
  }
  if (env.STANDARD_PIP_ARGS !== void 0) warnings.push("STANDARD_PIP_ARGS is ignored: JavaScript dependencies take STANDARD_NPM_ARGS");
  return warnings;
}
function readExtraArgs(env) {
  const raw = env.STANDARD_NPM_ARGS;
  if (raw === void 0) return [];
  try {
    return splitArgs(raw);
  } catch (error) {
    throw invalidEnv("STANDARD_NPM_ARGS", `cannot be split into arguments: ${error.message}, got '${raw}'`);
  }
}
function readSettings(env) {
  const errors = [];
  const read = (parse, fallback) => {
    try {
      return parse();
    } catch (error) {
      if (!(error instanceof SageMakerConfigError)) throw error;
      errors.push(error);
      return fallback;
    }
  };
  const overridden = (name) => (env[PREFIX + name] ?? "").trim() !== "";
  const maxStartRetries = overridden("STARTRETRIES") ? read(() => readInt(env, `${PREFIX}STARTRETRIES`, 3, 0, 100), 3) : read(() => readInt(env, "PROCESS_MAX_START_RETRIES", 3, 0, 100), 3);
  const startSeconds = overridden("STARTSECS") ? read(() => readSeconds(env, `${PREFIX}STARTSECS`, 1, 0, 3600) ?? 1, 1) : read(() => readSeconds(env, "PROCESS_START_SECONDS", 1, 0, 3600) ?? 1, 1);
  const stopTimeoutSeconds = overridden("STOPWAITSECS") ? read(() => readSeconds(env, `${PREFIX}STOPWAITSECS`, DEFAULT_STOP_TIMEOUT_SECONDS, 0, 3600) ?? 0, 0) : read(() => readSeconds(env, "PROCESS_STOP_TIMEOUT_SECONDS", DEFAULT_STOP_TIMEOUT_SECONDS, 0, 3600) ?? 0, 0);
  const sagemakerLevel = (env.SAGEMAKER_CONTAINER_LOG_LEVEL ?? "").trim() === "" ? void 0 : read(() => readLevel(env, "SAGEMAKER_CONTAINER_LOG_LEVEL"), void 0);
  const logLevel = read(() => readLevel(env, "LOG_LEVEL"), void 0);
  const settings = {
    autoRecovery: read(() => readBool(env, "PROCESS_AUTO_RECOVERY", true), true),
    maxStartRetries,
    startSeconds,
    stopTimeoutSeconds,
    backoffSeconds: read(() => readSeconds(env, "PROCESS_RESTART_BACKOFF_SECONDS", 1, 0, 60) ?? 1, 1),
    restartWindowSeconds: read(() => readSeconds(env, "PROCESS_RESTART_WINDOW_SECONDS", void 0, 1, 86400), void 0),
    autoRestart: read(() => readChoice(env, `${PREFIX}AUTORESTART`, "always", AUTORESTART_CHOICES), "always"),
    expectedExitCodes: read(() => readExitCodes(env, `${PREFIX}EXITCODES`, [255]), [255]),
    stopSignal: read(() => readChoice(env, `${PREFIX}STOPSIGNAL`, "SIGTERM", STOP_SIGNALS), "SIGTERM"),
    logLevel: sagemakerLevel ?? logLevel ?? 20,
    install: {
      enabled: read(() => readBool(env, "STANDARD_AUTO_INSTALL_REQ", true), true),
      modelDir: (env.SAGEMAKER_MODEL_PATH ?? "").trim() === "" ? DEFAULT_MODEL_DIR : env.SAGEMAKER_MODEL_PATH,
      extraArgs: read(() => readExtraArgs(env), []),
      timeoutSeconds: read(() => readSeconds(env, "STANDARD_INSTALL_TIMEOUT", void 0, 1, 86400), void 0)
    },
    warnings: [
      ...supervisorWarnings(env),
      ...stopTimeoutSeconds >= SAGEMAKER_KILL_SECONDS ? [`the stop timeout (${stopTimeoutSeconds} s) is not below SageMaker's ${SAGEMAKER_KILL_SECONDS} s SIGTERM-to-SIGKILL window: the platform may kill the supervisor first`] : []
    ]
  };
  if (errors.length > 0) throw new AggregateError(errors, errors.map((error) => error.message).join("; "));
  return settings;
}

// supervisor/signals.ts
var STOP_SIGNALS2 = ["SIGTERM", "SIGINT", "SIGQUIT", "SIGHUP"];
var FORWARDED_SIGNALS = ["SIGUSR2"];
var StopRequests = class {
  #signal;
  #count = 0;
  #listeners = /* @__PURE__ */ new Set();
  #forward;
  install() {
    for (const signal of STOP_SIGNALS2) process.on(signal, () => this.request(signal));
    for (const signal of FORWARDED_SIGNALS) process.on(signal, () => this.#forward?.(signal));
    return this;
  }
  request(signal) {
    this.#signal ??= signal;
    this.#count += 1;
    for (const listener of this.#listeners) listener(signal, this.#count);
  }
  /** The first stop signal received, if any. */
  get signal() {
    return this.#signal;
  }
  get requested() {
    return this.#count > 0;
  }
  /** Calls `listener` on every later request; returns the unsubscribe function. */
  subscribe(listener) {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
  /** Where forwarded signals go (the running child's group), or nowhere. */
  forwardTo(target) {
    this.#forward = target;
  }
};

// supervisor/supervise.ts
var CHILD_MARKERS = { SUPERVISOR_ENABLED: "1", SUPERVISOR_PROCESS_NAME: "app", SUPERVISOR_GROUP_NAME: "app" };
async function runOnce(context, child) {
  const { settings, logger, stops } = context;
  let stopper;
  const onStop = (signal, count) => {
    if (stopper === void 0) {
      logger.info(`received ${signal} indicating exit request; stopping app with ${settings.stopSignal}`);
      stopper = stopChild(child, {
        signal: settings.stopSignal,
        timeoutSeconds: settings.stopTimeoutSeconds,
        onKill: (seconds) => logger.warn(`killing 'app' (${child.pid}) with SIGKILL: still running after ${seconds} s`)
      });
    } else if (count > 1) {
      logger.warn(`received ${signal} again: killing 'app' (${child.pid}) with SIGKILL`);
      stopper.escalate();
    }
  };
  const unsubscribe = stops.subscribe(onStop);
  stops.forwardTo((signal) => child.signalGroup(signal));
  if (stops.requested && stops.signal !== void 0) onStop(stops.signal, 1);
  try {
    return await child.exited;
  } finally {
    unsubscribe();
    stops.forwardTo(void 0);
  }
}
async function backoff(context, seconds) {
  const wait = delay(seconds * 1e3);
  const unsubscribe = context.stops.subscribe(() => wait.abort());
  if (context.stops.requested) wait.abort();
  try {
    return await wait.done;
  } finally {
    unsubscribe();
  }
}
async function supervise(context) {
  const { argv, settings, logger, stops } = context;
  const env = { ...context.env, ...CHILD_MARKERS };
  let failures = 0;
  const restartTimes = [];
  while (!stops.requested) {
    const startedAt = performance.now();
    const child = startChild(argv, { env, stdio: ["ignore", "inherit", "inherit"] });
    let startTimer;
    if (child.pid !== void 0) {
      logger.info(`spawned: 'app' with pid ${child.pid}`);
      startTimer = setTimeout(() => {
        logger.info(`success: app entered RUNNING state, process has stayed up for > than ${settings.startSeconds} seconds (startsecs)`);
      }, settings.startSeconds * 1e3);
    }
    const exit = await runOnce(context, child);
    clearTimeout(startTimer);
    if (stops.requested) {
      logger.info(`stopped: app (${describeExit(exit)})`);
      return 0;
    }
    const uptimeSeconds = (performance.now() - startedAt) / 1e3;
    const started = exit.error === void 0 && uptimeSeconds > settings.startSeconds;
    if (started) {
      failures = 0;
      const expected = exit.code !== null && settings.expectedExitCodes.includes(exit.code);
      logger.warn(`exited: app (${describeExit(exit)}; ${expected ? "expected" : "not expected"})`);
      if (settings.autoRestart === "never" || settings.autoRestart === "unexpected" && expected) {
        logger.info(`app is not restarted (autorestart=${settings.autoRestart === "never" ? "false" : "unexpected"}); exiting with its status`);
        return exitStatus(exit);
      }
    } else {
      failures += 1;
      if (exit.error) {
        const reason = exit.error.code === "ENOENT" ? `can't find command '${argv[0]}'` : `'${argv[0]}': ${exit.error.message}`;
        logger.error(`spawnerr: ${reason}`);
      } else {
        logger.warn(`exited: app (${describeExit(exit)}; not expected)`);
      }
      if (failures > settings.maxStartRetries) {
        logger.error("gave up: app entered FATAL state, too many start retries too quickly");
        return 1;
      }
    }
    if (settings.restartWindowSeconds !== void 0) {
      const now = performance.now();
      restartTimes.push(now);
      while ((restartTimes[0] ?? now) < now - settings.restartWindowSeconds * 1e3) restartTimes.shift();
      if (restartTimes.length > settings.maxStartRetries) {
        logger.error(`gave up: app entered FATAL state, more than ${settings.maxStartRetries} restarts within ${settings.restartWindowSeconds} s`);
        return 1;
      }
    }
    if (failures > 0) {
      const seconds = Number((failures * settings.backoffSeconds).toFixed(3));
      logger.info(`retrying in ${seconds} s (attempt ${failures + 1} of ${settings.maxStartRetries + 1})`);
      if (!await backoff(context, seconds)) break;
    }
  }
  logger.info("stop requested before the app was (re)started");
  return 0;
}

// supervisor/usage.ts
import { readFileSync as readFileSync2 } from "fs";
var USAGE_LINES = [
  "ERROR: No launch command provided",
  "Usage: standard-supervisor <launch_command> [args...]",
  "Example: standard-supervisor vllm serve model --host 0.0.0.0 --port 8080"
];
var HELP = `Usage: standard-supervisor <launch_command> [args...]

Runs <launch_command> with its arguments passed verbatim, in its own process group, and keeps it
running: restarts after a crash (linear backoff), exits 1 after PROCESS_MAX_START_RETRIES consecutive
failed starts, forwards SIGTERM/SIGINT/SIGQUIT/SIGHUP to the whole group and SIGKILLs it after the stop
timeout. Before the first start, installs the production dependencies of $SAGEMAKER_MODEL_PATH/package.json.

  standard-supervisor --help      this text
  standard-supervisor --version   the package version
  standard-supervisor -- <cmd>    a leading "--" is dropped (for commands named like options)

Environment (empty means default; a bad value exits 2 naming the variable):
  PROCESS_AUTO_RECOVERY            true|1|yes|on|false|0|no|off   default true (false: run once, exit with its code)
  PROCESS_MAX_START_RETRIES        0..100                         default 3   (retries after failed starts)
  PROCESS_START_SECONDS            seconds, 0..3600               default 1   (uptime that makes a start successful)
  PROCESS_STOP_TIMEOUT_SECONDS     seconds, 0..3600               default 28  (stop signal -> SIGKILL of the group)
  PROCESS_RESTART_BACKOFF_SECONDS  seconds, 0..60                 default 1   (retry n waits n times this)
  PROCESS_RESTART_WINDOW_SECONDS   seconds, 1..86400              unset       (more restarts than the retries in this window: exit 1)
  LOG_LEVEL                        debug|info|warn|warning|error|critical|trace|notset|<int>   default info
  SAGEMAKER_CONTAINER_LOG_LEVEL    same values; overrides LOG_LEVEL for the supervisor's lines
  SAGEMAKER_MODEL_PATH             directory                      default /opt/ml/model
  STANDARD_AUTO_INSTALL_REQ        true|1|yes|on|false|0|no|off   default true
  STANDARD_NPM_ARGS                extra installer arguments, split like a shell (no expansion)
  STANDARD_INSTALL_TIMEOUT         seconds                        unset (no timeout)
  SUPERVISOR_PROGRAM__APP_{STARTSECS,STARTRETRIES,STOPWAITSECS,AUTORESTART,EXITCODES,STOPSIGNAL}
                                   supervisord-style overrides (win over the PROCESS_* names)

Exit status: the child's (run-once mode or a child not restarted), 0 after a stop signal, 1 when the
child kept failing to start or dependency installation failed, 2 for a bad environment variable,
127/126 when the command is missing/not executable in run-once mode.
See docs/supervisor.md.
`;
function packageVersion() {
  try {
    const manifest = JSON.parse(readFileSync2(new URL("../package.json", import.meta.url), "utf8"));
    if (manifest.name === "model-hosting-container-standards" && manifest.version) return manifest.version;
  } catch {
  }
  return "unknown";
}

// supervisor/main.ts
var EXIT_USAGE = 1;
var EXIT_BAD_ENV = 2;
async function main(args, env) {
  const stops = new StopRequests().install();
  if (args.length === 1 && (args[0] === "--help" || args[0] === "-h")) {
    process.stdout.write(HELP);
    return 0;
  }
  if (args.length === 1 && args[0] === "--version") {
    process.stdout.write(`${packageVersion()}
`);
    return 0;
  }
  const argv = args[0] === "--" ? args.slice(1) : args;
  if (argv.length === 0) {
    process.stderr.write(`${USAGE_LINES.join("\n")}
`);
    return EXIT_USAGE;
  }
  let settings;
  try {
    settings = readSettings(env);
  } catch (error) {
    const problems = error instanceof AggregateError ? error.errors : [error];
    for (const problem of problems) process.stderr.write(`standard-supervisor: Configuration error: ${problem.message}
`);
    return EXIT_BAD_ENV;
  }
  const logger = createLogger(settings.logLevel);
  for (const warning of settings.warnings) logger.warn(warning);
  if (process.pid === 1) {
    logger.warn('running as PID 1: orphaned grandchildren cannot be reaped from JavaScript; run behind tini (ENTRYPOINT ["tini", "--", ...]) or docker run --init');
  }
  const context = { argv, settings, logger, stops, env };
  logger.info(`Starting: ${quoteForLog(argv)}`);
  logger.info(
    settings.autoRecovery ? `mode: supervised (PROCESS_AUTO_RECOVERY), up to ${settings.maxStartRetries} retries after failed starts; a start is successful after ${settings.startSeconds} s` : "mode: run once (PROCESS_AUTO_RECOVERY=false): exiting with the command's status"
  );
  try {
    if (stops.requested) return 0;
    const installed = await installDependencies(context);
    if (installed === "failed") {
      logger.error("Dependency installation failed, aborting startup");
      return 1;
    }
    if (installed === "stopped" || stops.requested) return 0;
    return settings.autoRecovery ? await supervise(context) : await passThrough(context);
  } catch (error) {
    logger.error(`Unexpected error: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    return 1;
  }
}

// supervisor/cli.ts
var code = await main(process.argv.slice(2), process.env);
process.exit(code);
