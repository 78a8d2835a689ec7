#!/usr/bin/env bash
# Makes bench/fixtures/mips-dev_ethtool.objdump.txt: the objdump -d listing of dev_ethtool (2262
# instructions) from the MIPS 24Kc big-endian Linux 6.1 kernel that factory/ builds. Not run by CI.
set -euo pipefail
vmlinux=${1:-/work/kbuild/mips-be/vmlinux}
out=$(dirname "$0")/fixtures/mips-dev_ethtool.objdump.txt
read -r start size <<<"$(mips-linux-gnu-nm -S "$vmlinux" | awk '$4 == "dev_ethtool" { print $1, $2 }')"
end=$(printf '0x%x' $((0x$start + 0x$size)))
mips-linux-gnu-objdump -d --start-address=0x$start --stop-address=$end "$vmlinux" |
  sed -n '/<dev_ethtool>:/,$p' > "$out"
echo "wrote $out ($(grep -c '^ *[0-9a-f]*:' "$out") instructions)"
