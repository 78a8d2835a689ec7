#!/bin/bash
# Build init + fixture modules against one fixture kernel, pack one initramfs
# holding all of them, and boot QEMU once per case, capturing the console.
# Usage: factory/cases.sh mips|mipsel|arm64 [case...]   (default: every module built)
# Output: $KBUILD/out-<arch>/{init,initramfs.cpio,*.ko,<case>.log}
set -euo pipefail
. "$(dirname "$0")/lib.sh"
arch=$1; shift
arch_setup "$arch"
out=$KBUILD/out-$arch
moddir=$KBUILD/modules-$arch
mkdir -p "$out" "$moddir"

cp "$FACTORY"/modules/{Kbuild,truth.h,*.c} "$moddir/"
kmake M="$moddir" modules >/dev/null
cp "$moddir"/*.ko "$out/"

initflags=(-static -nostdlib -ffreestanding -Os -Wall)
[ "$KARCH" = mips ] && initflags+=(-fno-pic -mno-abicalls -G0)
"${CROSS}gcc" "${initflags[@]}" -o "$out/init" "$FACTORY/init/init.c"
gcc -O2 -o "$KBUILD/gen_init_cpio" "$KSRC/usr/gen_init_cpio.c"
{
  echo "dir /dev 0755 0 0"
  echo "nod /dev/console 0600 0 0 c 5 1"
  echo "dir /lib 0755 0 0"
  echo "dir /lib/modules 0755 0 0"
  echo "file /init $out/init 0755 0 0"
  for ko in "$out"/*.ko; do echo "file /lib/modules/$(basename "$ko") $ko 0644 0 0"; done
} > "$out/initramfs.list"
"$KBUILD/gen_init_cpio" "$out/initramfs.list" > "$out/initramfs.cpio"

cases=("$@")
if [ ${#cases[@]} = 0 ]; then
  for ko in "$out"/oopsreplay_*.ko; do c=$(basename "$ko" .ko); cases+=("${c#oopsreplay_}"); done
fi
for c in "${cases[@]}"; do
  append="console=$QEMU_CONSOLE panic_on_oops=0 panic=1 oopscase=$c"
  qemu_cmd "$append" "$out/$c.log"
  echo "$arch $c: $(grep -c . "$out/$c.log") lines, $(grep -m1 -o 'Unable to handle kernel[^,]*' "$out/$c.log" || echo 'NO OOPS')"
done
