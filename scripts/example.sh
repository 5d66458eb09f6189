#!/usr/bin/env bash
# The main job: synthesize every bundled example app (examples/*) with this
# library and check it for drift, then build and run the image of
# examples/hello when a Docker engine is reachable.
#
#   bash scripts/example.sh            # all examples, build and run hello
#   bash scripts/example.sh src-layout # one example, build and run it
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

[ -d node_modules ] || npm ci --no-audit --no-fund
npx projen compile
export PATH="$repo/node_modules/.bin:$PATH"

synth() {
  local dir="examples/$1"
  # the example imports "projen-poetry-docker": point it at this checkout
  mkdir -p "$dir/node_modules"
  ln -sfn ../../.. "$dir/node_modules/projen-poetry-docker"
  echo "== $dir"
  if [ -f "$dir/.projen/tasks.json" ]; then
    (cd "$dir" && projen && projen drift)
  else
    # a new example: projen's CLI needs a first synth to find its tasks
    (cd "$dir" && TS_NODE_TRANSPILE_ONLY=1 \
      TS_NODE_COMPILER_OPTIONS='{"ignoreDeprecations":"6.0"}' ts-node .projenrc.ts)
  fi
}

if [ $# -gt 0 ]; then
  examples=("$@")
  build=$1
else
  examples=()
  for dir in examples/*/; do examples+=("$(basename "$dir")"); done
  build=hello
fi
for example in "${examples[@]}"; do synth "$example"; done

docker=/usr/bin/docker
if [ -x "$docker" ] && "$docker" info >/dev/null 2>&1; then
  cd "examples/$build"
  DOCKER_BUILDKIT=1 "$docker" build --network none --tag "$build:example" .
  "$docker" run --rm --network none "$build:example"
else
  echo "No Docker engine is reachable: the examples were synthesized, not built."
  echo "Start one with 'sudo bash scripts/engine-setup.sh', then run this again."
fi
