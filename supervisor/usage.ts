import { readFileSync } from "node:fs";

export const USAGE_LINES = [
  "ERROR: No launch command provided",
  "Usage: standard-supervisor <launch_command> [args...]",
  "Example: standard-supervisor vllm serve model --host 0.0.0.0 --port 8080",
];

export const HELP = `Usage: standard-supervisor <launch_command> [args...]

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

/** The package version, read only when asked for; dist/ and supervisor/ are both one level below the package root. */
export function packageVersion(): string {
  try {
    const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { name?: string; version?: string };
    if (manifest.name === "model-hosting-container-standards" && manifest.version) return manifest.version;
  } catch {
    // no manifest next to us: say so rather than fail
  }
  return "unknown";
}
