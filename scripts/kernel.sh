#!/usr/bin/env bash
# kernel.sh FLAVOR: build bzImage in $OUT/FLAVOR (log: $LOGS/kernel-FLAVOR.log).
. "$(dirname "$0")/lib.sh"
flavor=${1:?usage: kernel.sh plain|debug}
if ! kmake "$flavor" bzImage > "$LOGS/kernel-$flavor.log" 2>&1; then
	grep -E 'error|Error' "$LOGS/kernel-$flavor.log" | head -20 >&2
	die "kernel build ($flavor) failed, see $LOGS/kernel-$flavor.log"
fi
