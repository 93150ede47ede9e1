#!/usr/bin/env bash
# qemu-checkpatch.sh: QEMU's scripts/checkpatch.pl on every QEMU patch; prints
# one TAP line per patch. Warnings QEMU's checkpatch gives for every patch of
# their kind are expected (config/qemu-checkpatch-expected.txt lists them).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/qemu-lib.sh"
log=$LOGS/qemu-checkpatch.log
: > "$log"
for p in $(qemu_series); do
	out=$(cd "$QEMU_PRISTINE" && ./scripts/checkpatch.pl "$QEMU_PATCHES/$p" 2>&1 || true)
	echo "$out" >> "$log"
	bad=$(echo "$out" | grep -E '^(ERROR|WARNING):' |
		grep -vxFf "$ROOT/config/qemu-checkpatch-expected.txt" || true)
	if [ -z "$bad" ]; then
		echo "ok - qemu/checkpatch $p"
	else
		echo "not ok - qemu/checkpatch $p # $(echo "$bad" | head -1)"
	fi
done
