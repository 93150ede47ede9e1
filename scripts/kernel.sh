#!/usr/bin/env bash
# kernel.sh FLAVOR: build bzImage in $OUT/FLAVOR (log: $LOGS/kernel-FLAVOR.log).
# The .c files the series changes are rebuilt every time, so that their
# compiler warnings show in this build's log: $LOGS/kernel-FLAVOR.warnings.
. "$(dirname "$0")/lib.sh"
flavor=${1:?usage: kernel.sh plain|debug}
git -C "$LINUX" diff --name-only "${BASE_REF:-base}" HEAD -- '*.c' | while read -r f; do
	[ -f "$LINUX/$f" ] && touch "$LINUX/$f"
done
if ! kmake "$flavor" bzImage > "$LOGS/kernel-$flavor.log" 2>&1; then
	grep -E 'error|Error' "$LOGS/kernel-$flavor.log" | head -20 >&2
	die "kernel build ($flavor) failed, see $LOGS/kernel-$flavor.log"
fi
series_warnings "$LOGS/kernel-$flavor.log" > "$LOGS/kernel-$flavor.warnings"
