#!/usr/bin/env bash
# Installs what a fresh Debian machine lacks for Prism, and nothing it already has:
#   - system packages: ffmpeg (media), chromium (browser tests), with apt, only when absent;
#   - npm packages: `npm ci` when node_modules is missing or older than package-lock.json.
# Run by `npm start`, `npm test` and `.ci/run`. Safe to run again: it does nothing when all is there.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
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
  $SUDO apt-get install -y -qq --no-install-recommends $(printf '%s\n' "${need[@]}" | sort -u) >/dev/null
fi

# better-sqlite3 compiles against the system Node headers; onnxruntime-node must not download CUDA.
export npm_config_nodedir="${npm_config_nodedir:-/usr}"
export ONNXRUNTIME_NODE_INSTALL=skip
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "prism: installing npm packages (npm ci)" >&2
  npm ci --no-audit --no-fund --loglevel=error
fi
