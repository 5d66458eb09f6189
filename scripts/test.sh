#!/usr/bin/env bash
# The tests: unit and projen CLI integration tests through `npx projen build`,
# then the engine tests, which build and run images in a real Docker engine.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

npm ci --no-audit --no-fund
bash scripts/engine-setup.sh
npx projen build
npx projen test:engine
