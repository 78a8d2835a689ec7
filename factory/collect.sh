#!/bin/bash
# Copy one case's products into fixtures/<arch>-<case>/ and the arch's kernel
# into fixtures/kernels/<arch>/, then write README.md and expected.json.
# Usage: factory/collect.sh ARCH CASE   (after kernel.sh and cases.sh)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
arch=$1; c=$2
arch_setup "$arch"
out=$KBUILD/out-$arch
fx=$REPO/fixtures/$arch-$c
kd=$REPO/fixtures/kernels/$arch
mkdir -p "$fx" "$kd"

"${CROSS}objcopy" --strip-debug "$KOUT/vmlinux" "$kd/vmlinux"
cp "$KOUT/System.map" "$kd/System.map"
cp "$KOUT/.config" "$kd/config"
cp "$FACTORY/modules/oopsreplay_$c.c" "$FACTORY/modules/truth.h" "$fx/"
"${CROSS}objcopy" --strip-debug "$out/oopsreplay_$c.ko" "$fx/oopsreplay_$c.ko"
tr -d '\r' < "$out/$c.log" > "$fx/oops.txt"

ver=$(dpkg-query -W -f '${Version}' linux-source-6.1)
gccver=$("${CROSS}gcc" -dumpfullversion)
qemuver=$(qemu-system-aarch64 --version | head -1)
cmd=$(sed "s|$KBUILD/out-$arch/|<out>/|g; s|$KOUT/|<kbuild-$arch>/|g; s|$out/|<out>/|g" "$out/$c.log.cmd")
{
  echo "# Fixture $arch-$c"
  echo
  echo "A real oops printed by a real Linux $(make -s -C "$KSRC" kernelversion 2>/dev/null) kernel under QEMU, made by"
  echo "\`factory/build.sh\` (see factory/README.md): \`factory/kernel.sh $arch\`, \`factory/cases.sh $arch $c\`,"
  echo "\`factory/collect.sh $arch $c\`."
  echo
  echo "- Kernel: Debian \`linux-source-6.1\` $ver, tinyconfig + \`factory/configs/{$(echo $FRAGMENTS | tr ' ' ,)}.config\`,"
  echo "  ${CROSS}gcc $gccver; kept (debug info stripped, symbols kept) in \`fixtures/kernels/$arch/\`."
  echo "- Module: \`oopsreplay_$c.c\` (this directory) built out of tree against that kernel (\`factory/modules/Kbuild\`);"
  echo "  \`oopsreplay_$c.ko\` is that build with \`objcopy --strip-debug\`."
  echo "- Init: \`factory/init/init.c\`, static, loads \`/lib/modules/oopsreplay_$c.ko\` with finit_module."
  echo "- Kernel command line: \`console=$QEMU_CONSOLE panic_on_oops=0 oopscase=$c\`"
  echo "- QEMU ($qemuver):"
  echo
  echo '```'
  echo "$cmd"
  echo '```'
  echo
  echo "- \`oops.txt\`: the serial console capture, verbatim (CR removed)."
  echo "- \`expected.json\`: \`factory/expected.py fixtures/$arch-$c\` from oops.txt, the objdump of the"
  echo "  faulting function and the reading in \`factory/truth/$arch-$c.json\`; checked by \`factory/check.py\`."
  echo "  \`truth\` holds the addresses the module printed (\`oopsreplay-truth:\` lines, %px)."
  echo
  if [ -f "$FACTORY/truth/$arch-$c.md" ]; then cat "$FACTORY/truth/$arch-$c.md"; fi
} > "$fx/README.md"
if [ -f "$FACTORY/truth/$arch-$c.json" ]; then python3 "$FACTORY/expected.py" "$fx" >> "$fx/README.md"; fi
echo "collected $fx"
