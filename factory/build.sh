#!/bin/bash
# Rebuild every fixture from Debian's linux-source-6.1: kernels, modules,
# initramfs, one QEMU boot per case, fixture directories, expected.json.
# Not part of CI (about an hour on 2 cores; see factory/README.md).
# Usage: factory/build.sh [arch...]   (default: mips arm64 mipsel)
set -euo pipefail
here=$(dirname "$0")
declare -A CASES=(
  [mips]="skbclone chain list path stack null"
  [arm64]="skbclone chain list path stack null"
  [mipsel]="chain"
)
start=$(date +%s)
for arch in "${@:-mips arm64 mipsel}"; do
  for a in $arch; do
    "$here/kernel.sh" "$a"
    "$here/cases.sh" "$a" ${CASES[$a]}
    for c in ${CASES[$a]}; do "$here/collect.sh" "$a" "$c"; done
  done
done
"$here/check.py"
echo "{\"factorySeconds\": $(( $(date +%s) - start ))}"
