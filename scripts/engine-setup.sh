#!/usr/bin/env bash
# engine-setup.sh - prepare a local Docker engine for the engine tests.
#
# Idempotent; run as root (CI: `bash scripts/engine-setup.sh`). It:
#   1. installs Debian's docker.io and debootstrap (apt-get),
#   2. starts dockerd in the background unless `docker info` already answers,
#   3. builds local stand-ins for python:3.11.9-slim-bookworm and
#      python:3.11.9-bookworm from Debian packages (no registry is reachable),
#   4. prints the time of each phase and `docker images`.
# Other scripts use the Debian client: DOCKER=/usr/bin/docker, DOCKER_BUILDKIT=1.
# Why stand-ins: no image registry is reachable on these build machines.
set -euo pipefail

DOCKER=/usr/bin/docker
export DOCKER_BUILDKIT=1
export DEBIAN_FRONTEND=noninteractive
DOCKERD_LOG=${DOCKERD_LOG:-/var/log/dockerd-ci.log}
SLIM_IMAGE=python:3.11.9-slim-bookworm
FULL_IMAGE=python:3.11.9-bookworm
SUITE=bookworm
BUILDER_PKGS="python3-pip python3-poetry python3-dev build-essential git"

log() { printf '[engine-setup] %s\n' "$*"; }
die() { printf '\n[engine-setup] ERROR: %s\n\n' "$*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "must run as root"

T_START=$(date +%s)
PHASE_T=$T_START
phase_done() {
  local now
  now=$(date +%s)
  log "phase '$1' took $((now - PHASE_T))s"
  PHASE_T=$now
}

# ---------------------------------------------------------------- 1. packages
need_pkgs=()
for p in docker.io debootstrap; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
    need_pkgs+=("$p")
  fi
done
if [ "${#need_pkgs[@]}" -gt 0 ]; then
  log "installing ${need_pkgs[*]}"
  apt-get update
  apt-get install -y --no-install-recommends "${need_pkgs[@]}"
else
  log "docker.io and debootstrap already installed"
fi
[ -x "$DOCKER" ] || die "$DOCKER missing after installing docker.io"
command -v dockerd >/dev/null || die "dockerd missing after installing docker.io"
command -v debootstrap >/dev/null || die "debootstrap missing after install"
phase_done packages

# ---------------------------------------------------------------- 2. dockerd
if "$DOCKER" info >/dev/null 2>&1; then
  log "docker engine already answers"
else
  log "starting dockerd (log: $DOCKERD_LOG)"
  mkdir -p "$(dirname "$DOCKERD_LOG")"
  setsid nohup dockerd --iptables=false --bridge=none \
    >>"$DOCKERD_LOG" 2>&1 </dev/null &
  ok=
  for _ in $(seq 1 60); do
    if "$DOCKER" info >/dev/null 2>&1; then ok=1; break; fi
    sleep 1
  done
  if [ -z "$ok" ]; then
    {
      echo
      echo "=================================================================="
      echo " [engine-setup] ERROR: dockerd did not answer within 60s"
      echo " last lines of $DOCKERD_LOG:"
      echo "=================================================================="
      tail -n 40 "$DOCKERD_LOG" || true
      echo "=================================================================="
    } >&2
    exit 1
  fi
  log "docker engine is up"
fi
phase_done dockerd

# ---------------------------------------------------------------- 3. images
have_image() { "$DOCKER" image inspect "$1" >/dev/null 2>&1; }

# Mirror: the first URIs line of the stanza that carries the plain suite
# (not -updates/-security) in the deb822 sources file.
mirror_uri() {
  local f=/etc/apt/sources.list.d/debian.sources uri
  if [ -r "$f" ]; then
    uri=$(awk -v suite="$SUITE" '
      /^[[:space:]]*$/ { if (u != "" && hit) { print u; exit } u=""; hit=0; next }
      /^URIs:/   { u=$2 }
      /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == suite) hit=1 }
      END        { if (u != "" && hit) print u }' "$f" | head -n1)
  fi
  echo "${uri:-http://deb.debian.org/debian}"
}

IMPORT_CHANGES=(
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
  --change 'ENV LANG=C.UTF-8'
  --change 'CMD ["python3"]'
)

WORK=
remove_work() {
  if [ -n "$WORK" ] && [ -d "$WORK" ]; then
    local m
    for m in "$WORK/full/proc" "$WORK/full/dev/pts" "$WORK/slim/proc"; do
      if mountpoint -q "$m" 2>/dev/null; then umount "$m" 2>/dev/null || umount -l "$m" || true; fi
    done
    if grep -q " $WORK/" /proc/mounts; then
      echo "[engine-setup] WARNING: mounts left under $WORK, not deleting it" >&2
    else
      rm -rf --one-file-system "$WORK"
    fi
  fi
  WORK=
}
cleanup() {
  local rc=$?
  remove_work
  return $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if have_image "$SLIM_IMAGE" && have_image "$FULL_IMAGE"; then
  log "images $SLIM_IMAGE and $FULL_IMAGE already exist"
  phase_done images
else
  WORK=$(mktemp -d /var/tmp/engine-setup.XXXXXX)
  MIRROR=$(mirror_uri)
  log "debootstrap $SUITE from $MIRROR into $WORK/slim"
  debootstrap --variant=minbase --include=python3,python3-venv \
    "$SUITE" "$WORK/slim" "$MIRROR" >"$WORK/debootstrap.log" 2>&1 || {
      tail -n 30 "$WORK/debootstrap.log" >&2; die "debootstrap failed"; }
  # Behave like the official image: `python` on PATH, pip not blocked by PEP 668.
  ln -sf /usr/bin/python3 "$WORK/slim/usr/local/bin/python"
  rm -f "$WORK"/slim/usr/lib/python3.*/EXTERNALLY-MANAGED
  rm -rf "$WORK"/slim/var/lib/apt/lists/* "$WORK"/slim/var/cache/apt/archives/*.deb
  phase_done debootstrap

  if have_image "$SLIM_IMAGE"; then
    log "$SLIM_IMAGE already exists"
  else
    log "importing $SLIM_IMAGE"
    tar --numeric-owner -C "$WORK/slim" -c . | "$DOCKER" import "${IMPORT_CHANGES[@]}" - "$SLIM_IMAGE" >/dev/null
  fi
  phase_done import-slim

  if have_image "$FULL_IMAGE"; then
    log "$FULL_IMAGE already exists"
  else
    R="$WORK/full"
    cp -a "$WORK/slim" "$R"
    mount -t proc proc "$R/proc"
    cp -L /etc/resolv.conf "$R/etc/resolv.conf" 2>/dev/null || true
    # No daemons inside the chroot; snapshot mirrors may carry expired Release files.
    printf '#!/bin/sh\nexit 101\n' >"$R/usr/sbin/policy-rc.d"; chmod 755 "$R/usr/sbin/policy-rc.d"
    printf 'Acquire::Check-Valid-Until "false";\n' >"$R/etc/apt/apt.conf.d/99engine-setup"
    log "chroot apt-get install $BUILDER_PKGS"
    chroot "$R" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
      DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8 sh -ec "
        apt-get update
        apt-get install -y --no-install-recommends $BUILDER_PKGS
      " >"$WORK/apt.log" 2>&1 || { tail -n 40 "$WORK/apt.log" >&2; die "apt-get in the chroot failed"; }
    phase_done builder-apt

    # Poetry: make `pip install "poetry==1.3.2"` a satisfied no-op (Debian's
    # dulwich is outside Poetry's declared range), pip offline with /wheels,
    # and poetry-core repacked as a wheel for isolated builds of path deps.
    chroot "$R" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
      LANG=C.UTF-8 python3 - <<'PY'
import base64, csv, glob, hashlib, io, os, subprocess, sys, zipfile

site = "/usr/lib/python3/dist-packages"

meta = glob.glob(f"{site}/poetry-1.3.2.dist-info/METADATA")
if not meta:
    sys.exit("poetry-1.3.2.dist-info/METADATA not found")
with open(meta[0]) as f:
    lines = f.readlines()
with open(meta[0], "w") as f:
    f.writelines(l for l in lines if not l.startswith("Requires-Dist"))

with open("/etc/pip.conf", "w") as f:
    f.write("[global]\nno-index = true\nfind-links = /wheels\n")

dists = glob.glob(f"{site}/poetry_core-*.dist-info")
if len(dists) != 1:
    sys.exit(f"expected one poetry_core dist-info, found {dists}")
dist = dists[0]
distname = os.path.basename(dist)
version = distname[len("poetry_core-"):-len(".dist-info")]

files = []
rec = os.path.join(dist, "RECORD")
if os.path.exists(rec):
    with open(rec, newline="") as f:
        files = [row[0] for row in csv.reader(f) if row]
else:  # fall back to the Debian package's file list
    out = subprocess.run(["dpkg", "-S", dist], capture_output=True, text=True, check=True).stdout
    pkg = out.split(":")[0]
    out = subprocess.run(["dpkg", "-L", pkg], capture_output=True, text=True, check=True).stdout
    files = [os.path.relpath(p, site) for p in out.split("\n")
             if p.startswith(site + "/") and os.path.isfile(p)]
files += [os.path.relpath(p, site) for p in glob.glob(f"{dist}/*")]

def keep(rel):
    norm = os.path.normpath(rel)
    return (not norm.startswith("..") and not os.path.isabs(norm)
            and "__pycache__" not in norm.split(os.sep)
            and not norm.endswith(".pyc")
            and norm != f"{distname}/RECORD"
            and os.path.isfile(os.path.join(site, norm)))

files = sorted({os.path.normpath(r) for r in files if keep(r)})
wheel_meta = f"{distname}/WHEEL"
extra = {}
if wheel_meta not in files:
    extra[wheel_meta] = (b"Wheel-Version: 1.0\nGenerator: engine-setup\n"
                         b"Root-Is-Purelib: true\nTag: py3-none-any\n")

os.makedirs("/wheels", exist_ok=True)
whl = f"/wheels/poetry_core-{version}-py3-none-any.whl"
record = io.StringIO()
w = csv.writer(record, lineterminator="\n")
with zipfile.ZipFile(whl, "w", zipfile.ZIP_DEFLATED) as z:
    def add(name, data):
        z.writestr(name, data)
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        w.writerow([name, f"sha256={digest}", len(data)])
    for rel in files:
        with open(os.path.join(site, rel), "rb") as f:
            add(rel, f.read())
    for name, data in extra.items():
        add(name, data)
    w.writerow([f"{distname}/RECORD", "", ""])
    z.writestr(f"{distname}/RECORD", record.getvalue())
print(f"[engine-setup] wrote {whl} ({len(files)} files)")
PY

    chroot "$R" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
      LANG=C.UTF-8 PIP_ROOT_USER_ACTION=ignore sh -ec '
        python -m pip --version
        pip --version
        python -m pip install -q "poetry==1.3.2"
        poetry --version | grep -q "1\.3\.2"
      ' || die "pip/poetry sanity checks failed in the builder tree"

    umount "$R/proc"
    rm -f "$R/usr/sbin/policy-rc.d" "$R/etc/apt/apt.conf.d/99engine-setup"
    : >"$R/etc/resolv.conf"
    chroot "$R" apt-get clean
    rm -rf "$R"/var/lib/apt/lists/* "$R"/var/cache/apt/*.bin "$R"/var/cache/apt/archives/*.deb \
      "$R"/var/log/apt/* "$R"/var/cache/debconf/*-old "$R"/root/.cache "$R"/tmp/*
    log "importing $FULL_IMAGE"
    tar --numeric-owner -C "$R" -c . | "$DOCKER" import "${IMPORT_CHANGES[@]}" - "$FULL_IMAGE" >/dev/null
  fi
  remove_work
  phase_done builder-finish
fi

"$DOCKER" run --rm --network none "$FULL_IMAGE" poetry --version | grep -q '1\.3\.2' \
  || die "$FULL_IMAGE: poetry --version is not 1.3.2"
"$DOCKER" run --rm --network none "$SLIM_IMAGE" python -c 'import sys, venv' \
  || die "$SLIM_IMAGE: python does not run"
phase_done smoke-test

log "total $(( $(date +%s) - T_START ))s"
"$DOCKER" images
