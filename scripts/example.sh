#!/usr/bin/env bash
# The main job: synthesize the bundled example app (examples/hello) with this
# library, then build and run its image when a Docker engine is reachable.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

[ -d node_modules ] || npm ci --no-audit --no-fund
npx projen compile

# the example imports "projen-poetry-docker": point it at this checkout
mkdir -p examples/hello/node_modules
ln -sfn ../../.. examples/hello/node_modules/projen-poetry-docker

cd examples/hello
PATH="$repo/node_modules/.bin:$PATH" projen
PATH="$repo/node_modules/.bin:$PATH" projen drift

docker=/usr/bin/docker
if [ -x "$docker" ] && "$docker" info >/dev/null 2>&1; then
  DOCKER_BUILDKIT=1 "$docker" build --network none --tag hello:example .
  "$docker" run --rm --network none hello:example
else
  echo "No Docker engine is reachable: the example was synthesized, not built."
  echo "Start one with 'sudo bash scripts/engine-setup.sh', then run this again."
fi
