#!/usr/bin/env bash
# boot.sh FLAVOR MODE [TESTS]: boot $OUT/FLAVOR's bzImage with the initramfs
# under QEMU TCG (AMD CPU with SVM + nested paging). MODE is check, tour or
# shell; TESTS is a comma list (default: config/tests.list).
# Logs: $LOGS/FLAVOR-MODE.console.log (ttyS0) and $LOGS/FLAVOR-MODE.tap (ttyS1).
. "$(dirname "$0")/lib.sh"
flavor=${1:?usage: boot.sh FLAVOR MODE [TESTS]}
mode=${2:?usage: boot.sh FLAVOR MODE [TESTS]}
tests=${3:-}
kernel=${KERNEL:-$OUT/$flavor/arch/x86/boot/bzImage}	# KERNEL: another bzImage
[ -f "$kernel" ] || die "no kernel at $kernel"

append="$(test_vm_append) gm.mode=$mode"
[ -n "$tests" ] && append="$append gm.tests=$tests"

# Whole-run limit: every test's own limit (debug-kernel scale) plus boot time.
limit=$({ tests_list; tests_list_unpatched; } | awk '{s += $2} END {print s + 240}')
[ "$mode" = shell ] && limit=$((24 * 3600))
limit=${QEMU_TIMEOUT:-$limit}

console=$LOGS/$flavor-$mode.console.log
tap=$LOGS/$flavor-$mode.tap
rm -f "$console" "$tap"
test_vm_qemu
qemu+=(-kernel "$kernel" -initrd "$OUT/initramfs.cpio.gz" -append "$append")
echo "${qemu[*]}" > "$LOGS/$flavor-$mode.qemu-cmdline"

rc=0
case "$mode" in
shell)
	"${qemu[@]}" -serial mon:stdio -serial "file:$tap" || rc=$? ;;
tour)
	# The whole console goes to the log; the terminal gets the tour's own
	# lines, without kernel messages and firmware escape sequences.
	timeout -k 10 "$limit" "${qemu[@]}" -serial stdio -serial "file:$tap" < /dev/null \
		| tee "$console" | sed -u -e 's/\x1b\[[0-9;?]*[a-zA-Z]//g; s/\x1bc//g' \
		| grep --line-buffered -vE '^\[ *[0-9]+\.[0-9]+\]|^(SeaBIOS|Booting from)' || rc=$? ;;
*)
	timeout -k 10 "$limit" "${qemu[@]}" -serial "file:$console" -serial "file:$tap" \
		< /dev/null > "$LOGS/$flavor-$mode.qemu.log" 2>&1 &
	qpid=$!
	# Show results as they arrive.
	tail -s 0.2 -n +1 -F "$tap" 2>/dev/null | grep --line-buffered -E '^(ok|not ok|Bail out!|# gmtest: start)' &
	tpid=$!
	wait $qpid || rc=$?
	sleep 0.5
	kill $tpid 2>/dev/null || true
	wait $tpid 2>/dev/null || true ;;
esac
[ $rc = 124 ] && echo "QEMU timed out after ${limit}s" | tee -a "$console" >&2
echo "$rc" > "$LOGS/$flavor-$mode.qemu-rc"
exit 0
