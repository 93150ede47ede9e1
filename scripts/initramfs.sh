#!/usr/bin/env bash
# initramfs.sh: busybox-static + /init + the static test binaries + the tour
# into $OUT/initramfs.cpio.gz.
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
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0 | gzip -1) > "$OUT/initramfs.cpio.gz"
