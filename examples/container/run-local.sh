#!/bin/sh
# Runs the image's layout without Docker: the model directory is copied to a temporary /opt/ml/model,
# `standard-supervisor` is put on PATH, and the same `serve` script starts the same server.mjs.
#   npm run build && examples/container/run-local.sh
#   curl localhost:8080/ping; curl -X POST localhost:8080/invocations -d '{"prompt":"one two three"}'
# Port: SAGEMAKER_BIND_TO_PORT or PORT (default 8080; 0 picks a free one). Ctrl-C or SIGTERM stops it.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
if [ ! -f "$root/dist/supervisor.js" ] || [ ! -f "$root/dist/runtimes/node.js" ]; then
  echo "run-local.sh: dist/ is missing: run 'npm run build' at $root first" >&2
  exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/mhcs-container-XXXXXX")
cleanup() { rm -rf "$work"; }
trap cleanup EXIT
mkdir -p "$work/bin" "$work/opt/ml"
cp -R "$here/model" "$work/opt/ml/model"
rm -rf "$work/opt/ml/model/node_modules"
ln -s "$root/dist/supervisor.js" "$work/bin/standard-supervisor"
# The image's /node_modules link: the package resolves from the model directory's parents.
mkdir -p "$work/node_modules"
ln -s "$root" "$work/node_modules/model-hosting-container-standards"

export PATH="$work/bin:$PATH"
export PROGRAM_DIR="$here"
export SAGEMAKER_MODEL_PATH="$work/opt/ml/model"
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
