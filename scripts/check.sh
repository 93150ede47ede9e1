#!/usr/bin/env bash
# check.sh: the project's test command (make check, run by .ci/run).
# Applies the series, checkpatch, builds every patch (bisect), boots the plain
# and the debug kernel and runs the suite in each, builds the SEV/VMX compile
# lane; ends with "N passed, N failed, N skipped".
# Env: LANES="plain debug" (which kernels boot), BISECT=0 (skip), TESTS=a,b.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/qemu-lib.sh"
lanes=${LANES:-plain debug}
res=$LOGS/results
rm -rf "$res" "$LOGS/timings"
mkdir -p "$res"
t0=$SECONDS

summary() {
	cat "$res"/* 2>/dev/null > "$LOGS/results.tap" || true
	local pass fail skip
	pass=$(grep -E '^ok ' "$LOGS/results.tap" | grep -vc '# SKIP' || true)
	skip=$(grep -E '^ok .*# SKIP' "$LOGS/results.tap" | grep -c . || true)
	fail=$(grep -c '^not ok ' "$LOGS/results.tap" || true)
	echo
	if [ "$fail" != 0 ]; then
		echo "Failures:"
		grep '^not ok ' "$LOGS/results.tap" | sed 's/^/  /'
	fi
	echo "Logs: $LOGS (results.tap, timings, *.console.log, *.tap); total $((SECONDS - t0))s"
	echo "$pass passed, $fail failed, $skip skipped"
	[ "$fail" = 0 ]
	exit
}
# record NAME CMD...: a stage whose stdout is result lines, kept in results/NAME.
record() { local name=$1; shift; stage "$name" "$@" | tee "$res/$name" || true; }
fatal() { echo "not ok - $1 # $2" >> "$res/${1//\//-}"; echo "not ok - $1 # $2"; summary; }

# unpatched_boot: the unpatched 6.12 kernel boots the same initramfs and runs
# config/tests-unpatched.list (QEMU refuses guest_memfd RAM with one message).
unpatched_boot() {
	stage kernel-unpatched "$ROOT/scripts/base-kernel.sh" ||
		{ echo "not ok - unpatched/build # see $LOGS/base/" > "$res/unpatched-tests"; return; }
	local t
	t=$(tests_list_unpatched | awk '{print $1}' | paste -sd,)
	stage boot-unpatched env KERNEL="$B/bench/base/out/plain/arch/x86/boot/bzImage" \
		"$ROOT/scripts/boot.sh" unpatched check "$t" || true
	# shellcheck disable=SC2046
	"$ROOT/scripts/parse.py" unpatched "$LOGS/unpatched-check.console.log" "$LOGS/unpatched-check.tap" \
		"$(cat "$LOGS/unpatched-check.qemu-rc")" $(echo "$t" | tr , ' ') |
		grep -E '^(not )?ok - unpatched/(qemu_gmem_test|kernel-log|run)' > "$res/unpatched-tests" || true
	grep -vE '^ok ' "$res/unpatched-tests" || true
}

stage deps "$ROOT/scripts/deps.sh" || fatal deps "cannot install packages"
stage source "$ROOT/scripts/source.sh" || fatal source "cannot get the kernel source"
stage patch "$ROOT/scripts/apply.sh" 2>&1 | tee "$LOGS/patch-stage.log" || true
if grep -q 'FAILED' "$LOGS/patch-stage.log"; then
	fatal series/apply "$(grep -o 'patches/[^ )]*' "$LOGS/patch-stage.log" | head -1) does not apply (see above)"
fi
echo "ok - series/apply $(series | wc -l) patch(es)" > "$res/apply"
# QEMU 10.0.2 + qemu/patches: the VMM the qemu_gmem_test cases run.
stage qemu-source "$ROOT/scripts/qemu-source.sh" || fatal qemu/source "cannot get QEMU's source"
if ! stage qemu "$ROOT/scripts/qemu-build.sh" 2> "$LOGS/qemu-stage.err"; then
	cat "$LOGS/qemu-stage.err" >&2
	fatal qemu/build "$(grep -m1 -o 'QEMU patch .* does not apply.*\|QEMU .* failed.*' "$LOGS/qemu-stage.err")"
fi
echo "ok - qemu/build $(qemu_series | wc -l) patch(es) on QEMU $QEMU_VERSION" > "$res/qemu"
"$ROOT/scripts/qemu-checkpatch.sh" >> "$res/qemu"
record checkpatch "$ROOT/scripts/checkpatch.sh"
[ "${BISECT:-1}" = 0 ] || record bisect "$ROOT/scripts/bisect.sh"

for lane in $lanes; do
	stage "config-$lane" "$ROOT/scripts/config.sh" "$lane" || fatal "$lane/config" "kernel config"
	stage "kernel-$lane" "$ROOT/scripts/kernel.sh" "$lane" || fatal "$lane/build" "kernel build failed, see $LOGS/kernel-$lane.log"
	echo "ok - $lane/build" > "$res/$lane-build"
	if [ -s "$LOGS/kernel-$lane.warnings" ]; then
		sed 's/^/# /' "$LOGS/kernel-$lane.warnings"
		echo "not ok - $lane/build-warnings # $(wc -l < "$LOGS/kernel-$lane.warnings") compiler warning(s)" >> "$res/$lane-build"
	else
		echo "ok - $lane/build-warnings" >> "$res/$lane-build"
	fi
	if [ ! -f "$OUT/initramfs.cpio.gz" ] || [ "${userspace_done:-}" != 1 ]; then
		stage selftests "$ROOT/scripts/selftests.sh" || fatal userspace/build "selftests or tour do not build"
		stage initramfs "$ROOT/scripts/initramfs.sh" || fatal userspace/initramfs "initramfs"
		userspace_done=1
	fi
	# The debug lane boots the test VM with two CPUs on one TCG thread
	# (thread=single avoids QEMU's cpu_clear_ignne() race, see
	# patches/pending/README.md), so that vCPU and host threads of the
	# stress and conversion tests interleave on two CPUs; plain stays at one.
	lane_env=(SMP="${SMP:-1}")
	[ "$lane" = debug ] && lane_env=(SMP="${DEBUG_SMP:-2}" TCG_THREAD=single)
	stage "boot-$lane" env "${lane_env[@]}" "$ROOT/scripts/boot.sh" "$lane" check "${TESTS:-}" || true
	if [ -n "${TESTS:-}" ]; then expect=$(echo "$TESTS" | tr , ' '); else expect=$(test_list); fi
	# shellcheck disable=SC2086
	"$ROOT/scripts/parse.py" "$lane" "$LOGS/$lane-check.console.log" "$LOGS/$lane-check.tap" \
		"$(cat "$LOGS/$lane-check.qemu-rc")" $expect > "$res/$lane-tests"
	grep -vE '^ok ' "$res/$lane-tests" || true
	echo "$lane: $(grep -c '^ok ' "$res/$lane-tests") ok, $(grep -c '^not ok' "$res/$lane-tests") not ok"
	[ "$lane" = plain ] && [ "${UNPATCHED:-1}" != 0 ] && unpatched_boot
done
[ "${SEV:-1}" = 0 ] || record sev "$ROOT/scripts/sev.sh"
summary
