#!/usr/bin/env bash
# engine-setup.sh - prepare a local Docker engine for the engine tests.
#
# Idempotent; run as root (CI: `bash scripts/engine-setup.sh`). It:
#   1. installs Debian's docker.io, debootstrap and python3 (apt-get),
#   2. starts dockerd in the background unless `docker info` already answers,
#   3. builds local stand-ins for the official python images from Debian
#      packages (no registry is reachable), one pair per Debian suite:
#        python:3.11.9-bookworm, python:3.11.9-slim-bookworm  (Poetry 1.3.2)
#        python:3.13.5-trixie,   python:3.13.5-slim-trixie    (Poetry 2.1.2)
#      An image that already exists is kept; delete it to rebuild it.
#   4. prints the time of each phase and `docker images`.
# Other scripts use the Debian client: DOCKER=/usr/bin/docker, DOCKER_BUILDKIT=1.
# Why stand-ins: no image registry is reachable on these build machines.
set -euo pipefail

DOCKER=/usr/bin/docker
export DOCKER_BUILDKIT=1
export DEBIAN_FRONTEND=noninteractive
DOCKERD_LOG=${DOCKERD_LOG:-/var/log/dockerd-ci.log}
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
# python3: the benchmark serves a local package index with it
need_pkgs=()
for p in docker.io debootstrap python3; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
    need_pkgs+=("$p")
  fi
done
if [ "${#need_pkgs[@]}" -gt 0 ]; then
  log "installing ${need_pkgs[*]}"
  apt-get update
  apt-get install -y --no-install-recommends "${need_pkgs[@]}"
else
  log "docker.io, debootstrap and python3 already installed"
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

# The Debian mirror for a suite: the first URIs line of a stanza of the
# deb822 sources file that lists the suite; else the mirror of any stanza
# ending in /debian (a mirror carries every suite); else deb.debian.org.
mirror_uri() {
  local suite=$1 f=/etc/apt/sources.list.d/debian.sources uri=
  if [ -r "$f" ]; then
    uri=$(awk -v suite="$suite" '
      function flush() { if (u != "" && hit) { print u; exit } u=""; hit=0 }
      /^[[:space:]]*$/ { flush(); next }
      /^URIs:/   { u=$2 }
      /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == suite) hit=1 }
      END        { flush() }' "$f" | head -n1)
    [ -n "$uri" ] || uri=$(awk '/^URIs:/ && $2 ~ /\/debian\/?$/ { print $2; exit }' "$f")
  fi
  echo "${uri:-http://deb.debian.org/debian}"
}

IMPORT_CHANGES=(
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
  --change 'ENV LANG=C.UTF-8'
  --change 'CMD ["python3"]'
)
CHROOT_ENV=(/usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8)

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

# The slim tree: debootstrap's minbase with Python, made to behave like the
# official image (`python` on PATH, pip not blocked by PEP 668).
#   bootstrap_slim SUITE DIR
bootstrap_slim() {
  local suite=$1 dir=$2 mirror keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  [ -e "/usr/share/debootstrap/scripts/$suite" ] \
    || die "debootstrap $(dpkg-query -W -f='${Version}' debootstrap) does not know '$suite'; install a newer debootstrap"
  mirror=$(mirror_uri "$suite")
  log "debootstrap $suite from $mirror into $dir"
  # bookworm's debian-archive-keyring already holds the trixie keys; every
  # suite from bookworm on is merged-usr, which trixie requires.
  debootstrap --variant=minbase --merged-usr --keyring="$keyring" \
    --include=python3,python3-venv \
    "$suite" "$dir" "$mirror" >"$WORK/debootstrap-$suite.log" 2>&1 || {
      tail -n 30 "$WORK/debootstrap-$suite.log" >&2
      die "debootstrap $suite failed (log above); a signature error means $keyring lacks the $suite keys: upgrade debian-archive-keyring"; }
  ln -sf /usr/bin/python3 "$dir/usr/local/bin/python"
  rm -f "$dir"/usr/lib/python3.*/EXTERNALLY-MANAGED
  rm -rf "$dir"/var/lib/apt/lists/* "$dir"/var/cache/apt/archives/*.deb
}

# Installs the builder packages with apt-get inside the chroot: debootstrap's
# own --include cannot resolve python3-poetry's virtual dependencies.
#   apt_in_chroot DIR
apt_in_chroot() {
  local r=$1
  mount -t proc proc "$r/proc"
  cp -L /etc/resolv.conf "$r/etc/resolv.conf" 2>/dev/null || true
  # no daemons inside the chroot; snapshot mirrors may carry expired Release files
  printf '#!/bin/sh\nexit 101\n' >"$r/usr/sbin/policy-rc.d"; chmod 755 "$r/usr/sbin/policy-rc.d"
  printf 'Acquire::Check-Valid-Until "false";\n' >"$r/etc/apt/apt.conf.d/99engine-setup"
  log "chroot apt-get install $BUILDER_PKGS"
  chroot "$r" "${CHROOT_ENV[@]}" DEBIAN_FRONTEND=noninteractive sh -ec "
      apt-get update
      apt-get install -y --no-install-recommends $BUILDER_PKGS
    " >"$WORK/apt.log" 2>&1 || { tail -n 40 "$WORK/apt.log" >&2; die "apt-get in the $r chroot failed (log above)"; }
}

# Makes `pip install "poetry==VERSION"` a satisfied no-op: pip checks the
# Requires-Dist of Debian's Poetry and finds some unmet (Debian's dulwich is
# outside Poetry 1.3.2's range; Poetry 2.1.2's pbs-installer[download] wants
# httpx, which Debian does not install). Makes pip offline, reading
# /wheels, and repacks Debian's poetry-core as a wheel there, so isolated
# builds of path dependencies find their build backend.
#   prepare_poetry DIR POETRY_VERSION
prepare_poetry() {
  chroot "$1" "${CHROOT_ENV[@]}" POETRY_VERSION="$2" python3 - <<'PY' \
    || die "preparing Poetry $2 in $1 failed"
import base64, csv, glob, hashlib, io, os, subprocess, sys, zipfile

site = "/usr/lib/python3/dist-packages"
poetry_version = os.environ["POETRY_VERSION"]

meta = f"{site}/poetry-{poetry_version}.dist-info/METADATA"
if not os.path.exists(meta):
    found = glob.glob(f"{site}/poetry-*.dist-info")
    sys.exit(f"{meta} not found; Debian installed {found}")
with open(meta) as f:
    lines = f.readlines()
with open(meta, "w") as f:
    f.writelines(l for l in lines if not l.startswith("Requires-Dist"))

with open("/etc/pip.conf", "w") as f:
    f.write("[global]\nno-index = true\nfind-links = /wheels\n")

dists = glob.glob(f"{site}/poetry_core-*.dist-info")
if len(dists) != 1:
    sys.exit(f"expected one poetry_core dist-info, found {dists}")
dist = dists[0]
distname = os.path.basename(dist)
version = distname[len("poetry_core-"):-len(".dist-info")]

# the files of the package: its RECORD, or else the Debian package's list
files = []
rec = os.path.join(dist, "RECORD")
if os.path.exists(rec):
    with open(rec, newline="") as f:
        files = [row[0] for row in csv.reader(f) if row]
else:
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

  chroot "$1" "${CHROOT_ENV[@]}" PIP_ROOT_USER_ACTION=ignore sh -ec "
      python -m pip --version
      python -m pip install -q 'poetry==$2'
      poetry --version | grep -qF '$2'
    " || die "pip/poetry sanity checks failed in the builder tree $1"
}

# Undoes the chroot set-up and drops caches before the tree is imported.
#   finish_builder DIR
finish_builder() {
  local r=$1
  umount "$r/proc"
  rm -f "$r/usr/sbin/policy-rc.d" "$r/etc/apt/apt.conf.d/99engine-setup"
  : >"$r/etc/resolv.conf"
  chroot "$r" apt-get clean
  rm -rf "$r"/var/lib/apt/lists/* "$r"/var/cache/apt/*.bin "$r"/var/cache/apt/archives/*.deb \
    "$r"/var/log/apt/* "$r"/var/cache/debconf/*-old "$r"/root/.cache "$r"/tmp/*
}

import_tree() {
  log "importing $2"
  tar --numeric-owner -C "$1" -c . | "$DOCKER" import "${IMPORT_CHANGES[@]}" - "$2" >/dev/null \
    || die "docker import of $2 failed"
}

# Builds the stand-ins python:PYTHON-SUITE (builder, with Debian's Poetry)
# and python:PYTHON-slim-SUITE (runtime) unless both exist, then checks that
# Debian's Python has PYTHON's minor version and Poetry is POETRY_VERSION.
#   build_stand_ins SUITE PYTHON POETRY_VERSION
build_stand_ins() {
  local suite=$1 python=$2 poetry=$3
  local slim="python:$python-slim-$suite" full="python:$python-$suite"
  local minor=${python%.*}

  if have_image "$slim" && have_image "$full"; then
    log "images $slim and $full already exist"
  else
    WORK=$(mktemp -d /var/tmp/engine-setup.XXXXXX)
    bootstrap_slim "$suite" "$WORK/slim"
    phase_done "$suite debootstrap"

    if have_image "$slim"; then log "$slim already exists"; else import_tree "$WORK/slim" "$slim"; fi
    phase_done "$suite import-slim"

    if have_image "$full"; then
      log "$full already exists"
    else
      cp -a "$WORK/slim" "$WORK/full"
      apt_in_chroot "$WORK/full"
      phase_done "$suite builder-apt"
      prepare_poetry "$WORK/full" "$poetry"
      finish_builder "$WORK/full"
      import_tree "$WORK/full" "$full"
    fi
    remove_work
    phase_done "$suite builder-finish"
  fi

  "$DOCKER" run --rm --network none "$full" poetry --version | grep -qF "$poetry" \
    || die "$full: poetry --version is not $poetry"
  "$DOCKER" run --rm --network none "$slim" python -c \
    "import sys, venv; assert '%d.%d' % sys.version_info[:2] == '$minor', sys.version" \
    || die "$slim: python does not run, or is not Python $minor"
  phase_done "$suite smoke-test"
}

build_stand_ins bookworm 3.11.9 1.3.2
build_stand_ins trixie 3.13.5 2.1.2

log "total $(( $(date +%s) - T_START ))s"
"$DOCKER" images
