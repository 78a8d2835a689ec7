# Shared settings for the fixture factory scripts (sourced, not run).
# KSRC: Debian linux-source-6.1 unpacked; KBUILD: out-of-tree build dirs per arch.
FACTORY=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname "$FACTORY")
KBUILD=${KBUILD:-/work/kbuild}
KSRC=${KSRC:-$KBUILD/linux-source-6.1}

# arch_setup ARCH: sets KARCH CROSS KOUT FRAGMENTS QEMU_* for one fixture architecture.
arch_setup() {
  case "$1" in
    mips)   KARCH=mips;  CROSS=mips-linux-gnu-;    KOUT=$KBUILD/mips-be
            FRAGMENTS="common mips net"; KIMAGE=vmlinux; QEMU_CONSOLE=ttyS0 ;;
    mipsel) KARCH=mips;  CROSS=mipsel-linux-gnu-;  KOUT=$KBUILD/mipsel
            FRAGMENTS="common mipsel";   KIMAGE=vmlinux; QEMU_CONSOLE=ttyS0 ;;
    arm64)  KARCH=arm64; CROSS=aarch64-linux-gnu-; KOUT=$KBUILD/arm64
            FRAGMENTS="common arm64 net"; KIMAGE=arch/arm64/boot/Image; QEMU_CONSOLE=ttyAMA0 ;;
    *) echo "unknown arch $1 (mips, mipsel, arm64)" >&2; return 2 ;;
  esac
}

kmake() { make -C "$KSRC" O="$KOUT" ARCH="$KARCH" CROSS_COMPILE="$CROSS" "$@"; }

# qemu_cmd APPEND LOG: boot the arch's fixture kernel + initramfs once; console -> LOG.
# The command is also written to LOG.cmd so the fixture README can quote it.
qemu_cmd() {
  local cmd
  case "$KARCH" in
    mips) cmd=("qemu-system-$([ "$CROSS" = mipsel-linux-gnu- ] && echo mipsel || echo mips)"
               -M malta -cpu 24Kc -m 128) ;;
    arm64) cmd=(qemu-system-aarch64 -M virt -cpu cortex-a57 -smp 1 -m 256) ;;
  esac
  cmd+=(-kernel "$KOUT/$KIMAGE" -initrd "$KBUILD/out-$arch/initramfs.cpio" -append "$1"
        -display none -vga none -nic none -monitor none -serial "file:$2" -no-reboot)
  printf '%q ' "${cmd[@]}" > "$2.cmd"; echo >> "$2.cmd"
  # Malta without PCI cannot reset ("Reboot failed -- System halted"): stop QEMU
  # once the kernel says it is done, or after 180 s.
  : > "$2"
  "${cmd[@]}" </dev/null & local qpid=$! t=0
  while kill -0 $qpid 2>/dev/null && [ $t -lt 180 ]; do
    if grep -qE 'System halted|reboot: Restarting|end Kernel panic' "$2"; then sleep 1; break; fi
    sleep 1; t=$((t + 1))
  done
  kill $qpid 2>/dev/null || true
  wait $qpid 2>/dev/null || true
}
