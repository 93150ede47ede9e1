# Common paths and helpers for the harness scripts (sourced, not run).
# shellcheck shell=bash
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
B=${BUILD_DIR:-$ROOT/build}
PRISTINE=$B/pristine	# Debian source as one git commit, tagged "base"
LINUX=${LINUX_DIR:-$B/linux}	# harness tree: base + patches/ (recreated from patches/)
TREE=$B/tree		# developer tree: base + patches/, yours to commit in
OUT=${OUT_DIR:-$B/out}	# kernel O= dirs (plain, debug, sev), selftests, initramfs
LOGS=${LOGS_DIR:-$B/logs}	# every log of every stage
PATCHES=$ROOT/patches
JOBS=${JOBS:-$(nproc)}
mkdir -p "$B" "$OUT" "$LOGS"

# Identity for git am / commits in the generated trees, when the machine has none.
export GIT_COMMITTER_NAME=${GIT_COMMITTER_NAME:-$(git config user.name || echo "guest_memfd harness")}
export GIT_COMMITTER_EMAIL=${GIT_COMMITTER_EMAIL:-$(git config user.email || echo "harness@localhost")}

# Reproducible kernel builds, so ccache hits across trees and reruns.
export KBUILD_BUILD_TIMESTAMP="2026-01-01"
export KBUILD_BUILD_USER=gmem KBUILD_BUILD_HOST=harness
export CCACHE_BASEDIR=$B CCACHE_NOHASHDIR=1 CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-8G}

die() { echo "ERROR: $*" >&2; exit 1; }
log() { echo "[$(date +%H:%M:%S)] $*"; }

# The Debian version the series is written against; source.sh falls back to
# the newest 6.12 when the registry no longer serves it.
PIN=${KERNEL_PIN:-6.12.117-1~deb12u1}

# Patches named in patches/series, in order (comments and blanks skipped).
series() { [ -f "$PATCHES/series" ] && sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$PATCHES/series" || true; }

# The Debian version extracted in $PRISTINE (empty before source.sh ran).
base_version() { cat "$PRISTINE/.git/debian-version" 2>/dev/null || true; }

# patch_file NAME: the file to apply for series entry NAME on the extracted
# base.  On a base other than $PIN, patches/base-VERSION/NAME replaces a patch
# whose $PIN version does not apply there (export.sh writes it).
patch_file() {
	local v
	v=$(base_version)
	if [ -n "$v" ] && [ "$v" != "$PIN" ] && [ -f "$PATCHES/base-$v/$1" ]; then
		echo "$PATCHES/base-$v/$1"
	else
		echo "$PATCHES/$1"
	fi
}

kmake() { # kmake FLAVOR ARGS... : make in $LINUX with O=$OUT/FLAVOR
	local flavor=$1; shift
	local cc=gcc
	command -v ccache >/dev/null && cc="ccache gcc"
	make -C "$LINUX" O="$OUT/$flavor" -j"$JOBS" CC="$cc" HOSTCC="$cc" "$@"
}

# stage NAME CMD...: run one harness stage with a progress line and its time.
stage() {
	local name=$1 t0=$SECONDS rc=0
	shift
	echo "[$(date +%H:%M:%S)] $name ..."
	"$@" || rc=$?
	if [ $rc = 0 ]; then
		echo "[$(date +%H:%M:%S)] $name ok ($((SECONDS - t0))s)"
	else
		echo "[$(date +%H:%M:%S)] $name FAILED ($((SECONDS - t0))s)"
	fi
	echo "$name $((SECONDS - t0))" >> "$LOGS/timings"
	return $rc
}

# test_vm_qemu: the test VM's QEMU command without kernel, initrd and serial
# ports, into the array qemu. QEMU replaces qemu-system-x86_64 (words split,
# e.g. what scripts/qemu-new.sh prints). With SMP > 1 it says that stock QEMU
# TCG corrupts CPU 0's SVM flags (the cpu_clear_ignne() race,
# patches/pending/README.md).
test_vm_qemu() {
	read -r -a qemu <<< "${QEMU:-qemu-system-x86_64}"
	# TCG_THREAD=single runs every vCPU on one host thread (no MTTCG), which
	# avoids the cross-thread race below at the cost of parallelism.
	qemu+=(-accel "tcg${TCG_THREAD:+,thread=$TCG_THREAD}" -cpu max
	       -smp "${SMP:-1},sockets=${SMP:-1},cores=1,threads=1" -m "${MEM:-2G}"
	       -nodefaults -nographic -no-reboot -net none)
	[ "${SMP:-1}" -gt 1 ] && [ "${TCG_THREAD:-}" != single ] || return 0
	echo "note: SMP=$SMP: QEMU 7.2/10.0 TCG lose CPU 0's GIF/NPT updates with several vCPUs" \
		"(cpu_clear_ignne() race, see patches/pending/README.md); nested guests may triple-fault or hang" >&2
}

# test_vm_append: the kernel arguments every test-VM boot needs. TCG's guest
# TSC runs at the host's rate; without tsc_early_khz about one boot in five
# fails PIT calibration and KVM_RUN then livelocks. numa=fake=2 splits the
# VM's memory into two NUMA nodes for guest_memfd_numa_test (the kernel has
# no ACPI, through which QEMU's -numa would describe real nodes).
test_vm_append() {
	local khz=${TSC_KHZ:-$(awk -F: '/^cpu MHz/ {printf "%d\n", $2 * 1000; exit}' /proc/cpuinfo)}
	echo "console=ttyS0 panic=-1 tsc=reliable tsc_early_khz=$khz numa=fake=2"
}

# Tests of config/tests.list, in order.
tests_list() { sed -e 's/#.*//' -e '/^\s*$/d' "$ROOT/config/tests.list"; }	# lines: name limit [args]
test_list() { tests_list | awk '{print $1}'; }					# names only
test_binaries() { { test_list; tests_list_unpatched | awk '{print $1}'; } | sed 's/@.*//' | sort -u; }	# name = binary[@variant]
# Tests that run on the unpatched kernel only (check.sh's "unpatched" boot).
tests_list_unpatched() { sed -e 's/#.*//' -e '/^\s*$/d' "$ROOT/config/tests-unpatched.list"; }

# series_warnings LOG: compiler warnings in LOG about files the series changes
# (the base has warnings of its own, e.g. KASAN frame sizes in fs/select.c),
# less those the unpatched base gives in the same file (config/
# warnings-baseline.txt: "file: message", without line numbers, which the
# series shifts; a function whose frame the series grows shows a new size).
series_warnings() {
	local changed
	changed=$(git -C "$LINUX" diff --name-only "${BASE_REF:-base}" HEAD | sed 's/[.[\*^$]/\\&/g' | paste -sd'|')
	[ -n "$changed" ] || return 0
	{ grep -E ': warning: ' "$1" | grep -E "(^|/)($changed):" || true; } | sort -u |
	while IFS= read -r w; do
		grep -qxF "$(sed -E 's|^(\.\./)+[^/]+/||; s|:[0-9]+:[0-9]+: warning:|: warning:|' <<< "$w")" \
			"$ROOT/config/warnings-baseline.txt" || echo "$w"
	done
}
