#!/bin/bash
# Build one fixture kernel: tinyconfig + fragments from configs/, out of tree in $KBUILD.
# Usage: factory/kernel.sh mips|mipsel|arm64
set -euo pipefail
. "$(dirname "$0")/lib.sh"
arch_setup "$1"
[ -f "$KSRC/Makefile" ] || { mkdir -p "$KBUILD"; tar xf /usr/src/linux-source-6.1.tar.xz -C "$KBUILD"; }
mkdir -p "$KOUT"
kmake tinyconfig >/dev/null
frags=(); for f in $FRAGMENTS; do frags+=("$FACTORY/configs/$f.config"); done
(cd "$KOUT" && ARCH=$KARCH CROSS_COMPILE=$CROSS "$KSRC/scripts/kconfig/merge_config.sh" -m -O "$KOUT" "$KOUT/.config" "${frags[@]}" >/dev/null)
kmake olddefconfig >/dev/null
# Options that depend on others vanish silently: insist every fragment line survived.
bad=0
for f in "${frags[@]}"; do
  while read -r line; do
    case "$line" in
      CONFIG_*=*) grep -qx "$line" "$KOUT/.config" || { echo "config lost: $line" >&2; bad=1; } ;;
      "# CONFIG_"*" is not set") opt=${line#\# }; opt=${opt%% *}
        ! grep -q "^$opt=" "$KOUT/.config" || { echo "config set but wanted off: $opt" >&2; bad=1; } ;;
    esac
  done < "$f"
done
[ $bad = 0 ] || exit 1
kmake -j"${JOBS:-2}"
echo "kernel $1 built in $KOUT"
