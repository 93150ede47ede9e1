#!/usr/bin/env bash
# bench.sh: the benchmark (make bench). Builds three kernels from one config
# (config/base.config):
#   base    the unpatched Debian 6.12 source
#   ours    base + the series (the harness tree, $OUT/plain)
#   nogate  ours with the freeze gate compiled out (bench/no-gate.patch)
# boots each under QEMU TCG with -icount shift=0,sleep=off (guest time counts
# executed instructions, so results are deterministic), runs
# guest_memfd_perf_test with the argument sets of bench/bench.list (nogate:
# bench/gate.list), boots "ours" a second time to measure the spread, and
# writes the table and the chart to $B/bench/results/ (bench-report.py).
#
# Every boot fixes the guest's randomness (QEMU -seed: RDRAND/RDSEED) and its
# wall clock (-rtc clock=vm), the only inputs icount leaves to the host: a
# kernel booted twice with the same seed gives bit-identical results. What
# remains is sensitivity to the random state itself (it changes the guest's
# allocation history: punch-hole and fallocate of 256 MiB are bimodal by
# 1.8 ms, for guest_memfd and memfd alike), so "ours2" boots with another
# seed, and a row whose two seeds differ by more than the allowed spread is
# rerun with a third seed on base and ours (that row only) and reported as
# the median of the three seeds of each kernel, instead of failing the run.
#
# "noerms" boots ours once more with clearcpuid=erms, for the rows of
# bench/noerms.list: icount counts each iteration of a rep string instruction,
# so the ERMS clear_page (rep stosb) costs 4096 "instructions" a page and
# zeroing dominates every first touch; without ERMS, clear_page is rep stosq
# (512 a page), closer to what zeroing costs relative to the fault path on
# hardware. It shows what the 2 MiB first-touch ratio is once zeroing is not
# counted per byte (docs/benchmarks.md).
# Env: BENCH_RUNS="base ours ours2 nogate noerms" (which boots), BENCH_LIST=file.
. "$(dirname "$0")/lib.sh"
bench=$B/bench
res=$bench/results
blogs=$LOGS/bench
mkdir -p "$res" "$blogs"
runs=${BENCH_RUNS:-base ours ours2 nogate noerms}

# Trees of the extra kernels live at the same depth as $LINUX and their O=
# dirs at the same depth as $OUT/plain, so that ccache (CCACHE_BASEDIR=$B)
# sees the same relative paths and "nogate" recompiles little but guest_memfd.c.
tree_nogate() {
	local d=$bench/nogate/linux
	[ -d "$d/.git" ] || git -c advice.detachedHead=false clone -q "$LINUX" "$d"
	git -C "$d" fetch -q --no-tags "$LINUX" HEAD
	git -c advice.detachedHead=false -C "$d" checkout -q -f --detach FETCH_HEAD
	# Not a developer tree: its base is tagged "bench-base", not "base", so
	# tools that look for unexported kernel work (the before-stop hook)
	# leave it alone (kernel.sh gets BASE_REF).
	git -C "$d" tag -f bench-base "$(git -C "$PRISTINE" rev-parse base)" > /dev/null
	git -C "$d" tag -d base > /dev/null 2>&1 || true
	git -C "$d" apply "$ROOT/bench/no-gate.patch" ||
		die "bench/no-gate.patch does not apply to the series any more; regenerate it"
}
build() { # build NAME: kernel of one bench variant, logs in $blogs/NAME
	local name=$1
	case $name in
	ours) "$ROOT/scripts/config.sh" plain && "$ROOT/scripts/kernel.sh" plain ;;
	base) "$ROOT/scripts/base-kernel.sh" ;;	# also make check's unpatched kernel
	*)
		mkdir -p "$blogs/$name"
		LINUX_DIR=$bench/$name/linux OUT_DIR=$bench/$name/out LOGS_DIR=$blogs/$name \
			"$ROOT/scripts/config.sh" plain > "$blogs/$name/config.log" &&
		BASE_REF=$([ "$name" = nogate ] && echo bench-base || echo base) \
		LINUX_DIR=$bench/$name/linux OUT_DIR=$bench/$name/out LOGS_DIR=$blogs/$name \
			"$ROOT/scripts/kernel.sh" plain ;;
	esac
}
kernel_of() { case $1 in ours* | noerms) echo "$OUT/plain" ;; base*) echo "$bench/base/out/plain" ;; *) echo "$bench/$1/out/plain" ;; esac; }
seed_of() { case $1 in *2) echo 2 ;; *3) echo 3 ;; *) echo 1 ;; esac; }

initramfs() { # the perf test and the argument lists, nothing else
	local root=$bench/initramfs
	rm -rf "$root"
	mkdir -p "$root"/{bin,dev,proc,sys,tmp,tests}
	cp /bin/busybox "$root/bin/busybox"
	install -m 755 "$ROOT/initramfs/init" "$root/init"
	cp "$OUT/selftests/guest_memfd_perf_test" "$root/tests/"
	sed -e 's/#.*//' -e '/^\s*$/d' "${BENCH_LIST:-$ROOT/bench/bench.list}" > "$root/tests/bench.list"
	sed -e 's/#.*//' -e '/^\s*$/d' "$ROOT/bench/gate.list" > "$root/tests/gate.list"
	sed -e 's/#.*//' -e '/^\s*$/d' "$ROOT/bench/noerms.list" > "$root/tests/noerms.list"
	[ ! -s "$bench/rerun.list" ] || cp "$bench/rerun.list" "$root/tests/rerun.list"
	(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0 | gzip -1) > "$bench/initramfs.cpio.gz"
}

boot() { # boot RUN [LIST]: one icount boot; results in $blogs/RUN.out
	local run=$1 list=${2:-bench.list} kernel extra=
	kernel=$(kernel_of "$run")/arch/x86/boot/bzImage
	[ "$run" = nogate ] && list=gate.list
	[ "$run" = noerms ] && list=noerms.list extra=" clearcpuid=erms"
	# icount: the guest's clock follows the instruction count, not the host.
	# icount runs the vCPUs round-robin on one host thread and counts the
	# instructions of all of them, so a second guest CPU adds no parallelism,
	# only noise (kernel threads on the other CPU run inside the timed
	# window): one CPU unless BENCH_SMP says otherwise.
	local smp=${BENCH_SMP:-1}
	timeout -k 10 "${BENCH_TIMEOUT:-1800}" qemu-system-x86_64 -accel tcg -cpu max \
		-icount shift=0,sleep=off -seed "$(seed_of "$run")" -rtc base=2026-01-01T00:00:00,clock=vm \
		-smp "$smp,sockets=$smp,cores=1,threads=1" -m 3G \
		-nodefaults -nographic -no-reboot -net none \
		-kernel "$kernel" -initrd "$bench/initramfs.cpio.gz" \
		-append "console=ttyS0 panic=-1 tsc=reliable gm.mode=bench gm.bench=$list$extra" \
		-serial "file:$blogs/$run.console.log" -serial "file:$blogs/$run.out" \
		< /dev/null > "$blogs/$run.qemu.log" 2>&1 || true
	grep -q '^# bench: done' "$blogs/$run.out" || die "bench run $run did not finish, see $blogs/$run.console.log"
}

stage bench-trees eval '"$ROOT/scripts/apply.sh" && tree_nogate'
for k in ours base nogate; do
	case " $runs " in *" $k"*) stage "bench-kernel-$k" build "$k" || die "kernel $k failed" ;; esac
done
stage bench-userspace "$ROOT/scripts/selftests.sh"
make -C "$LINUX/tools/testing/selftests/kvm" -j"$JOBS" OUTPUT="$OUT/selftests" \
	KHDR_INCLUDES="-isystem $OUT/headers/usr/include" USERLDFLAGS=-static \
	"$OUT/selftests/guest_memfd_perf_test" > "$blogs/perf-test-build.log" 2>&1 ||
	die "guest_memfd_perf_test does not build, see $blogs/perf-test-build.log"
rm -f "$bench/rerun.list"
initramfs
# icount makes each boot's guest time a count of its own instructions, so
# boots running side by side do not disturb each other's results: run them
# BENCH_JOBS at a time (one host thread each).
jobs=${BENCH_JOBS:-$JOBS}
for r in $runs; do
	while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
	stage "bench-boot-$r" boot "$r" &
done
wait
for r in $runs; do
	grep -q '^# bench: done' "$blogs/$r.out" || die "bench run $r did not finish, see $blogs/$r.console.log"
done
outs=$(for r in $runs; do echo "$r=$blogs/$r.out"; done)
# Rows over the spread limit between the two seeds of "ours": once more with
# a third seed (and base with the other two), only those rows.
# shellcheck disable=SC2086
"$ROOT/scripts/bench-report.py" --unstable $outs > "$bench/rerun.list"
reruns=
if [ -s "$bench/rerun.list" ] && case " $runs " in *" base "*) true ;; *) false ;; esac; then
	echo "bench: rows that would fail (spread over the limit, or slower than base), rerun with more seeds:"; sed 's/^/  /' "$bench/rerun.list"
	initramfs
	reruns="ours3 base2 base3"
	for r in $reruns; do
		while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
		stage "bench-boot-$r" boot "$r" rerun.list &
	done
	wait
	for r in $reruns; do
		grep -q '^# bench: done' "$blogs/$r.out" || die "bench run $r did not finish, see $blogs/$r.console.log"
	done
fi
rm -f "$bench/rerun.list"
# shellcheck disable=SC2086
"$ROOT/scripts/bench-report.py" "$res" $outs $(for r in $reruns; do echo "$r=$blogs/$r.out"; done)
