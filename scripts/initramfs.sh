#!/usr/bin/env bash
# initramfs.sh: busybox-static + /init + the static test binaries + the tour
# + QEMU and its L2 guest (/qemu) into $OUT/initramfs.cpio.gz.
. "$(dirname "$0")/lib.sh"
st=$OUT/selftests
root=$OUT/initramfs
rm -rf "$root"
mkdir -p "$root"/{bin,dev,proc,sys,tmp,tests}
cp /bin/busybox "$root/bin/busybox"
install -m 755 "$ROOT/initramfs/init" "$root/init"
tests_list > "$root/tests/list"
for t in $(test_binaries); do
	[ -x "$st/$t" ] || die "selftest $t was not built"
	mkdir -p "$root/tests/$(dirname "$t")"
	cp "$st/$t" "$root/tests/$t"
done
cp "$st/tour" "$root/tour"
tests_list_unpatched > "$root/tests/list.extra"
# QEMU (make qemu) and what it boots: the L2 guest is the plain kernel with
# a busybox initramfs (tools/qemu-test/l2-init, l2_guest).
. "$ROOT/scripts/qemu-lib.sh"
[ -x "$QEMU_BIN" ] || die "no QEMU at $QEMU_BIN; run 'make qemu'"
l2kernel=$OUT/plain/arch/x86/boot/bzImage
[ -f "$l2kernel" ] || die "no plain kernel for the L2 guest at $l2kernel"
mkdir -p "$root/qemu/fw" "$OUT/l2root"/{bin,dev,proc,sys}
strip -o "$root/qemu/qemu-system-x86_64" "$QEMU_BIN"
# Firmware of -M microvm with -kernel (Debian's SeaBIOS and QEMU option ROMs).
cp /usr/share/seabios/bios-microvm.bin /usr/share/qemu/linuxboot_dma.bin "$root/qemu/fw/"
cp "$l2kernel" "$root/qemu/bzImage"
cp /bin/busybox "$OUT/l2root/bin/busybox"
install -m 755 "$ROOT/tools/qemu-test/l2-init" "$OUT/l2root/init"
cp "$st/l2_guest" "$OUT/l2root/l2_guest"
(cd "$OUT/l2root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0 | gzip -1) > "$root/qemu/l2.cpio.gz"
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0 | gzip -1) > "$OUT/initramfs.cpio.gz"
