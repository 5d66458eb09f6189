#!/usr/bin/env bash
# The tests: unit, property and projen CLI integration tests through
# `npx projen build`, then the engine tests, which build and run images in a
# real Docker engine, then a quick run of the benchmark, which fails only when
# a build breaks (its figures go to /tmp, so the tree stays clean).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

npm ci --no-audit --no-fund
bash scripts/engine-setup.sh
npx projen build
npx projen test:engine
npx projen bench --quick --output "${BENCH_OUTPUT:-/tmp/bench-results.md}"
