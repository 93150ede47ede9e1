#!/usr/bin/env bash
# run.sh [tour|shell]: make run / make shell. Everything from packages to a
# booted, patched kernel; "tour" runs the tour program and fails if it fails
# or the kernel log has a splat, "shell" gives a busybox shell in the VM.
. "$(dirname "$0")/lib.sh"
mode=${1:-tour}
t0=$SECONDS
stage deps "$ROOT/scripts/deps.sh"
stage source "$ROOT/scripts/source.sh"
stage patch "$ROOT/scripts/apply.sh"
stage config "$ROOT/scripts/config.sh" plain
stage kernel "$ROOT/scripts/kernel.sh" plain
stage qemu-source "$ROOT/scripts/qemu-source.sh"
stage qemu "$ROOT/scripts/qemu-build.sh"
stage selftests "$ROOT/scripts/selftests.sh"
stage initramfs "$ROOT/scripts/initramfs.sh"
if [ "$mode" = shell ]; then
	"$ROOT/scripts/boot.sh" plain shell
	exit 0
fi
stage boot "$ROOT/scripts/boot.sh" plain tour
verdict=$("$ROOT/scripts/parse.py" plain "$LOGS/plain-tour.console.log" /dev/null \
	"$(cat "$LOGS/plain-tour.qemu-rc")" | grep -- '/kernel-log')
echo "$verdict" | grep -v '^ok' || true
echo "(transcript: $LOGS/plain-tour.console.log; $((SECONDS - t0))s in all)"
grep -q '^# gmtest: tour exit=0' "$LOGS/plain-tour.tap" || die "the tour failed"
grep '^not ok - plain/kernel-log' <<< "$verdict" > /dev/null && die "kernel splat during the tour"
echo "tour: ok"
