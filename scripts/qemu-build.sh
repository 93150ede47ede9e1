#!/usr/bin/env bash
# qemu-build.sh: $QEMU_SRC = base + qemu/patches, configured for x86_64-softmmu
# with KVM only (no TCG) and the two boards the tests use (microvm, q35),
# linked statically (it runs from the test VM's initramfs), built with ccache.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/qemu-lib.sh"
stamp=$(cat "$QEMU_PRISTINE/.git/refs/tags/qemu-base" $(qemu_series | sed "s|^|$QEMU_PATCHES/|") "$0" | sha1sum)
if [ "$(cat "$QEMU_SRC/.git/series-stamp" 2>/dev/null)" != "$stamp" ]; then
	qemu_apply "$QEMU_SRC"
	# The +ds source has no edk2 images; meson unpacks them whenever bzip2 is
	# there.  Empty stand-ins (no test uses edk2).
	for f in $(sed -n '/fds = \[/,/\]/p' "$QEMU_SRC/pc-bios/meson.build" | grep -o "edk2-[a-z0-9_-]*\.fd"); do
		[ -e "$QEMU_SRC/pc-bios/$f.bz2" ] || bzip2 < /dev/null > "$QEMU_SRC/pc-bios/$f.bz2"
	done
	printf 'CONFIG_MICROVM=y\nCONFIG_Q35=y\n' > "$QEMU_SRC/configs/devices/x86_64-softmmu/gmem-test.mak"
	echo "$stamp" > "$QEMU_SRC/.git/series-stamp"
	rm -rf "$QEMU_OUT"
fi
mkdir -p "$QEMU_OUT"
cd "$QEMU_OUT"
if [ ! -f build.ninja ]; then
	cc=gcc
	command -v ccache > /dev/null && cc="ccache gcc"
	"$QEMU_SRC/configure" --python=/usr/bin/python3 --target-list=x86_64-softmmu \
		--without-default-features --without-default-devices --with-devices-x86_64=gmem-test \
		--enable-kvm --disable-tcg --static --cc="$cc" --disable-docs --disable-install-blobs \
		> "$LOGS/qemu-configure.log" 2>&1 || die "QEMU configure failed, see $LOGS/qemu-configure.log"
fi
ninja -j"$JOBS" qemu-system-x86_64 > "$LOGS/qemu-build.log" 2>&1 ||
	die "QEMU build failed, see $LOGS/qemu-build.log"
