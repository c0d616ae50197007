#!/bin/sh
# Runs the image's layout without Docker: the engine's sources and its node_modules (node-llama-cpp, the
# library from this checkout's dist/) in a temporary /opt/program, `standard-supervisor` on PATH, and the
# same `serve` script. The model directory is used in place (models are large): SAGEMAKER_MODEL_PATH.
#   npm ci && npm run build
#   SAGEMAKER_MODEL_PATH=/path/to/dir-with-a-gguf examples/llama-cpp/run-local.sh
#   curl localhost:8080/ping; curl localhost:8080/invocations -d '{"prompt":"Hello","max_tokens":16}'
# Port: SAGEMAKER_BIND_TO_PORT or PORT (default 8080; 0 picks a free one). Ctrl-C or SIGTERM stops it.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
if [ ! -f "$root/dist/supervisor.js" ] || [ ! -f "$root/dist/runtimes/node.js" ]; then
  echo "run-local.sh: dist/ is missing: run 'npm run build' at $root first" >&2
  exit 1
fi
if [ -z "${SAGEMAKER_MODEL_PATH:-}" ]; then
  echo "run-local.sh: set SAGEMAKER_MODEL_PATH to a directory holding a *.gguf model" >&2
  exit 1
fi
node "$here/install.mjs"

work=$(mktemp -d "${TMPDIR:-/tmp}/mhcs-llama-XXXXXX")
cleanup() { rm -rf "$work"; }
trap cleanup EXIT
mkdir -p "$work/bin" "$work/program/node_modules"
cp "$here"/*.ts "$here/package.json" "$work/program/"
# The image's /opt/program/node_modules: the example's own dependencies and the library.
for entry in "$here"/node_modules/*; do
  [ -e "$entry" ] && ln -s "$entry" "$work/program/node_modules/$(basename "$entry")"
done
ln -s "$root" "$work/program/node_modules/model-hosting-container-standards"
ln -s "$root/dist/supervisor.js" "$work/bin/standard-supervisor"
# Type stripping needs Node >= 22.18; the repository's dev dependency tools/node24 brings Node 24.
if ! node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=18)?0:1)'; then
  export PATH="$root/tools/node24/node_modules/node24/bin:$PATH"
fi

export PATH="$work/bin:$PATH"
export PROGRAM_DIR="$work/program"
export SAGEMAKER_BIND_TO_PORT="${SAGEMAKER_BIND_TO_PORT:-${PORT:-8080}}"

# Like the image: tini first when it is installed, else the supervisor's process group is the only guard.
if command -v tini >/dev/null 2>&1; then set -- tini -- "$here/serve"; else set -- "$here/serve"; fi
"$@" &
child=$!
trap 'kill -TERM "$child" 2>/dev/null || true' TERM INT HUP
status=0
while kill -0 "$child" 2>/dev/null; do
  wait "$child" && status=0 || status=$?
done
exit "$status"
