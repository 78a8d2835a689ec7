#!/bin/sh
# Fetches a real distribution vmlinux for bench/image.ts: Debian 12's arm64 cloud kernel with
# debug info (package linux-image-6.1.0-57-cloud-arm64-dbg, from Debian's own archive through
# apt, into a private apt state so the machine's configuration is untouched), and the same file
# with `objcopy --strip-debug` (what a user's build usually leaves: about 40 MB, symbols kept).
# Usage: sh bench/fetch-vmlinux.sh [DIR]   (default /tmp/oopsreplay-bench)
set -eu
DIR=${1:-/tmp/oopsreplay-bench}
PKG=${PKG:-linux-image-6.1.0-57-cloud-arm64-dbg}
mkdir -p "$DIR/apt/lists/partial" "$DIR/apt/cache/archives/partial"
A="-o APT::Architecture=arm64 -o APT::Architectures::=arm64 -o Dir::State::Lists=$DIR/apt/lists -o Dir::Cache=$DIR/apt/cache -o Dir::State::status=/dev/null"
apt-get $A update >/dev/null
cd "$DIR"
apt-get $A download "$PKG" >/dev/null
deb=$(ls "$PKG"_*.deb | head -n 1)
dpkg-deb --fsys-tarfile "$deb" | tar -x --wildcards './usr/lib/debug/boot/vmlinux-*'
full=$(ls usr/lib/debug/boot/vmlinux-* | head -n 1)
mv "$full" vmlinux-debug
aarch64-linux-gnu-objcopy --strip-debug vmlinux-debug vmlinux
rm -rf usr "$deb"
ls -l "$DIR/vmlinux" "$DIR/vmlinux-debug"
