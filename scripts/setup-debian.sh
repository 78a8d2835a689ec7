#!/usr/bin/env bash
# Installs what oopsreplay and its tests need on a fresh Debian/Ubuntu machine, then the npm packages.
# Debian packages: libunicorn2 (the emulator), qemu-user (the second emulator the tests compare with),
# tmux (the end-to-end TUI test). Run as root or with sudo available.
set -euo pipefail
cd "$(dirname "$0")/.."
packages=(libunicorn2 qemu-user tmux)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund >/dev/null
fi
npm run --silent build
