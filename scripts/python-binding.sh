#!/usr/bin/env bash
# python-binding.sh - build the jsii Python binding without PyPI.
#
# `jsii-pacmak -t python` builds its wheel in a fresh venv after
# `pip install setuptools~=75.3.2 build~=1.5.0 twine~=7.0.0 packaging>=26.3`
# (node_modules/jsii-pacmak/lib/targets/python/requirements-dev.txt), and
# `python -m build` then installs the build-system requirements again in an
# isolated env. Both need PyPI, which these machines cannot reach, and no
# Debian package has those versions (bookworm: setuptools 66.1.1, build 0.9.0,
# twine 4.0.2), so pacmak's own build step cannot pass here whatever the flags.
#
# This script does the same in three steps that stay offline:
#   1. jsii-pacmak --code-only -t python   (code generation needs no Python)
#   2. Debian's python3 -m build --no-isolation --skip-dependency-check
#   3. twine check, and a static check of the generated API (ast, no import)
# Output: dist/python/*.whl and *.tar.gz, as `jsii-pacmak -t python` writes.
#
# --install-check also generates the constructs and projen bindings from
# node_modules and tries `pip install --no-index` of all three wheels in a
# throwaway venv. That fails offline: the `jsii` Python runtime and
# `publication` come only from PyPI (@jsii/python-runtime is not on npm), so a
# .projenrc.py cannot run on these machines. The script reports, not fails.
#
# Needs the compiled .jsii (npx projen compile). Installs Debian packages with
# apt-get when missing (root).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

INSTALL_CHECK=0
[ "${1:-}" = "--install-check" ] && INSTALL_CHECK=1

PY=/usr/bin/python3 # Debian's: pyenv's python3 has no build/wheel/twine
OUT=$repo/dist/python
PACMAK=$repo/node_modules/.bin/jsii-pacmak
log() { printf '[python-binding] %s\n' "$*"; }

[ -f .jsii ] || { log "no .jsii: run npx projen compile first" >&2; exit 1; }

if ! $PY -c 'import build, setuptools, wheel, twine, venv, ensurepip' 2>/dev/null; then
  log "installing Debian's python3-build python3-setuptools python3-wheel twine python3-venv"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq python3-build python3-setuptools python3-wheel twine python3-venv >/dev/null
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

t0=$(date +%s)
log "generating code: jsii-pacmak --code-only -t python"
"$PACMAK" --code-only --no-npmignore -t python -o "$work/code" .
t1=$(date +%s)

log "building sdist and wheel with $($PY -m build --version | cut -d' ' -f1-2)"
rm -rf "$OUT"
mkdir -p "$OUT"
$PY -m build --no-isolation --skip-dependency-check --outdir "$OUT" "$work/code/python" >"$work/build.log" 2>&1 ||
  { cat "$work/build.log"; exit 1; }
$PY -m twine check "$OUT"/*
t2=$(date +%s)

log "checking the generated API"
$PY - "$OUT" <<'EOF'
import ast, glob, sys, zipfile
whl, = glob.glob(sys.argv[1] + "/*.whl")
with zipfile.ZipFile(whl) as z:
    names = z.namelist()
    src = z.read("projen_poetry_docker/__init__.py").decode()
assert any(n.startswith("projen_poetry_docker/_jsii/") and n.endswith(".jsii.tgz") for n in names), names
classes = {n.name: n for n in ast.parse(src).body if isinstance(n, ast.ClassDef)}
for want in ("PoetryDockerImage", "PoetryDockerImageOptions", "Dockerfile", "DockerIgnore", "PoetryToml"):
    assert want in classes, f"class {want} missing"
def init(cls):
    fn = next(n for n in classes[cls].body if isinstance(n, ast.FunctionDef) and n.name == "__init__")
    return [a.arg for a in fn.args.args], [a.arg for a in fn.args.kwonlyargs]
pos, kw = init("PoetryDockerImage")
assert pos == ["self", "project"], pos
assert kw == init("PoetryDockerImageOptions")[1], "construct kwargs differ from the options struct"
for k in ("python_version", "poetry_version", "unmanaged_files", "image_name", "runtime_packages"):
    assert k in kw, f"keyword {k} missing"
print(f"{whl.split('/')[-1]}: PoetryDockerImage(project, *, {', '.join(kw)})")
EOF
log "pacmak code generation $((t1 - t0))s, build and twine check $((t2 - t1))s"
ls -l "$OUT"

[ "$INSTALL_CHECK" = 1 ] || exit 0

log "install check: generating constructs and projen bindings from node_modules"
mkdir -p "$work/nm/node_modules" "$work/dist"
cp -r node_modules/constructs node_modules/projen "$work/nm/node_modules/"
for dep in constructs projen; do
  "$PACMAK" --code-only --no-npmignore -t python -o "$work/deps/$dep" "$work/nm/node_modules/$dep"
  $PY -m build --no-isolation --skip-dependency-check --outdir "$work/dist" "$work/deps/$dep/python" >"$work/build-$dep.log" 2>&1 ||
    { cat "$work/build-$dep.log"; exit 1; }
done
cp "$OUT"/*.whl "$work/dist/"
ls "$work/dist"
$PY -m venv "$work/venv"
if PIP_NO_INDEX=1 "$work/venv/bin/python" -m pip install --no-input --find-links "$work/dist" projen-poetry-docker 2>&1 | tee "$work/pip.log"; then
  "$work/venv/bin/python" -c 'from projen_poetry_docker import PoetryDockerImage; print("import OK", PoetryDockerImage)'
else
  log "NOT INSTALLABLE OFFLINE: $(grep -m1 'No matching distribution' "$work/pip.log" || tail -1 "$work/pip.log")"
  "$work/venv/bin/python" -m pip install --no-input --no-deps "$work/dist"/*.whl >/dev/null
  log "with --no-deps, importing the binding gives:"
  "$work/venv/bin/python" -c 'import projen_poetry_docker' 2>&1 | tail -1 || true
fi
