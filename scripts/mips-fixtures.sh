#!/bin/sh
# Regenerate the MIPS decoder fixtures: assemble test/isa/mips/fixtures/forms.S for both byte orders
# with the Debian cross binutils (gcc-mips-linux-gnu) and record objdump's listing, which the printer
# tests compare against line by line.
set -eu
dir=$(dirname "$0")/../test/isa/mips/fixtures
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for endian in be le; do
  flag=$([ "$endian" = be ] && echo -EB || echo -EL)
  mips-linux-gnu-as -march=24kc -mvirt -mxpa "$flag" "$dir/forms.S" -o "$tmp/forms.o"
  mips-linux-gnu-objdump -d "$tmp/forms.o" | grep -E '^ +[0-9a-f]+:' > "$dir/forms.$endian.objdump.txt"
done
