#!/usr/bin/env bash
# selftests.sh: UAPI headers of the patched tree, then the KVM selftests of
# config/tests.list, the tour program and the QEMU test (tools/qemu-test), all
# static, built outside the tree.
. "$(dirname "$0")/lib.sh"
hdr=$OUT/headers
st=$OUT/selftests
mkdir -p "$st"
{
	make -C "$LINUX" O="$hdr" -s headers
	tests=$(test_binaries | grep -vxF qemu_gmem_test | sed "s|^|$st/|")
	# shellcheck disable=SC2086
	make -C "$LINUX/tools/testing/selftests/kvm" -j"$JOBS" OUTPUT="$st" \
		KHDR_INCLUDES="-isystem $hdr/usr/include" USERLDFLAGS=-static $tests
	make -C "$ROOT/tools/tour" -s OUT="$st" KHDR="$hdr/usr/include"
	make -C "$ROOT/tools/qemu-test" -s OUT="$st" KHDR="$hdr/usr/include" \
		SELFTESTS="$LINUX/tools/testing/selftests"
} > "$LOGS/selftests.log" 2>&1 || { tail -30 "$LOGS/selftests.log" >&2; die "userspace build failed, see $LOGS/selftests.log"; }
