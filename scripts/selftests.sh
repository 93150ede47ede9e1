#!/usr/bin/env bash
# selftests.sh: UAPI headers of the patched tree, then the KVM selftests of
# config/tests.list and the tour program, all static, built outside the tree.
. "$(dirname "$0")/lib.sh"
hdr=$OUT/headers
st=$OUT/selftests
mkdir -p "$st"
{
	make -C "$LINUX" O="$hdr" -s headers
	tests=$(test_binaries | sed "s|^|$st/|")
	# shellcheck disable=SC2086
	make -C "$LINUX/tools/testing/selftests/kvm" -j"$JOBS" OUTPUT="$st" \
		KHDR_INCLUDES="-isystem $hdr/usr/include" USERLDFLAGS=-static $tests
	make -C "$ROOT/tools/tour" -s OUT="$st" KHDR="$hdr/usr/include"
} > "$LOGS/selftests.log" 2>&1 || { tail -30 "$LOGS/selftests.log" >&2; die "userspace build failed, see $LOGS/selftests.log"; }
