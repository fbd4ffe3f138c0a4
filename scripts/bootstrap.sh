#!/usr/bin/env bash
# Installs what a fresh Debian machine lacks for Prism, and nothing it already has:
#   - system packages: ffmpeg (media), chromium (browser tests), with apt, only when absent;
#   - mediasoup's worker: MEDIASOUP_WORKER_BIN is exported, when unset, to a worker found in
#     shared/mediasoup/ in a folder above the repo (or above the clone's local origin), and its shared
#     libraries (libuv, OpenSSL 3) are installed with apt when absent;
#   - npm packages: `npm ci` when node_modules is missing or older than package-lock.json.
# Run by `npm start`, `npm test` and `.ci/run`. Safe to run again: it does nothing when all is there.
set -euo pipefail
cd "$(dirname "$0")/.."

# mediasoup's worker: a machine without internet cannot let mediasoup's install download it, so a
# worker built for the machine may sit in shared/mediasoup/ in a folder above the repo (see docs/mediasoup.md). The node
# looks it up by the same rule at run time (apps/node/src/webrtc/mediasoup/workerBin.ts).
MEDIASOUP_REL="shared/mediasoup/3.27.1/linux-x64/mediasoup-worker"
if [ -z "${MEDIASOUP_WORKER_BIN:-}" ]; then
  origin="$(git remote get-url origin 2>/dev/null || true)"
  # Every folder above the repo, then above its origin: the parent, the grandparent, ...
  for start in "$PWD" "${origin#file://}"; do
    case "$start" in /*) ;; *) continue ;; esac
    dir="$start"
    while [ "$dir" != "/" ] && [ -z "${MEDIASOUP_WORKER_BIN:-}" ]; do
      dir="$(dirname "$dir")"
      if [ -x "$dir/$MEDIASOUP_REL" ]; then
        MEDIASOUP_WORKER_BIN="$dir/$MEDIASOUP_REL"
        export MEDIASOUP_WORKER_BIN
        echo "prism: using mediasoup worker $MEDIASOUP_WORKER_BIN" >&2
      fi
    done
  done
fi

need=()
if [ -n "${MEDIASOUP_WORKER_BIN:-}" ]; then
  libs="$(ldconfig -p 2>/dev/null || /sbin/ldconfig -p 2>/dev/null || true)"
  # Debian 13 renamed them libuv1t64 and libssl3t64: resolved after apt-get update below.
  grep -q 'libuv\.so\.1 ' <<<"$libs" || need+=(libuv1)
  grep -q 'libssl\.so\.3 ' <<<"$libs" || need+=(libssl3)
fi
command -v ffmpeg >/dev/null 2>&1 || need+=(ffmpeg)
command -v ffprobe >/dev/null 2>&1 || need+=(ffmpeg)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null 2>&1; then
    echo "prism: missing system packages: ${need[*]}; install them with: apt-get install -y ${need[*]}" >&2
    exit 1
  fi
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "prism: installing system packages: ${need[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  for i in "${!need[@]}"; do
    case "${need[$i]}" in libuv1 | libssl3)
      apt-cache show "${need[$i]}t64" >/dev/null 2>&1 && need[$i]="${need[$i]}t64" ;;
    esac
  done
  $SUDO apt-get install -y -qq --no-install-recommends $(printf '%s\n' "${need[@]}" | sort -u) >/dev/null
fi

# better-sqlite3 compiles against the system Node headers; onnxruntime-node must not download CUDA.
export npm_config_nodedir="${npm_config_nodedir:-/usr}"
export ONNXRUNTIME_NODE_INSTALL=skip
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "prism: installing npm packages (npm ci)" >&2
  npm ci --no-audit --no-fund --loglevel=error
fi
