#!/usr/bin/env bash
# try.sh [-k FLAVOR|bzImage] [-t LIMIT] BINARY [ARGS...]: boot a kernel under
# QEMU TCG with one static test binary and run it once, as /init runs tests.
# For developing a test without rebuilding the harness's initramfs. Safe to
# run several at once (own temp dir); prints the TAP and any kernel splat.
# QEMU_EXTRA adds QEMU options; @TMP@ in it names the temp dir (e.g.
# QEMU_EXTRA="-d int -D @TMP@/qemu-int.log"); KERNEL_ARGS adds kernel parameters
# (e.g. KERNEL_ARGS=trace_event=kvm:kvm_exit: /init prints the trace if the
# test fails); QEMU replaces the qemu-system-x86_64 command.
. "$(dirname "$0")/lib.sh"
kernel=plain limit=300
while getopts k:t: o; do
	case $o in k) kernel=$OPTARG ;; t) limit=$OPTARG ;; *) exit 2 ;; esac
done
shift $((OPTIND - 1))
bin=${1:?usage: try.sh [-k FLAVOR|bzImage] [-t LIMIT] BINARY [ARGS...]}
shift
[ -f "$kernel" ] || kernel=$OUT/$kernel/arch/x86/boot/bzImage
[ -f "$kernel" ] || die "no kernel at $kernel"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/try.XXXXXX")
root=$tmp/root
mkdir -p "$root"/{bin,dev,proc,sys,tmp,tests}
cp /bin/busybox "$root/bin/busybox"
install -m 755 "$ROOT/initramfs/init" "$root/init"
cp "$bin" "$root/tests/try"
echo "try $limit $*" > "$root/tests/list"
(cd "$root" && find . | cpio -o -H newc --quiet -R 0:0 | gzip -1) > "$tmp/initramfs.cpio.gz"
test_vm_qemu
timeout -k 10 $((limit + 120)) "${qemu[@]}" -kernel "$kernel" -initrd "$tmp/initramfs.cpio.gz" \
	-append "$(test_vm_append) gm.mode=check gm.tests=try${KERNEL_ARGS:+ $KERNEL_ARGS}" \
	-serial "file:$tmp/console.log" -serial "file:$tmp/tap" ${QEMU_EXTRA:+${QEMU_EXTRA//@TMP@/$tmp}} < /dev/null > "$tmp/qemu.log" 2>&1 || true
cat "$tmp/tap"
grep -E 'BUG:|WARNING:|KASAN:|possible .*deadlock|Call Trace:|unreferenced object|blocked for more than' "$tmp/console.log" \
	&& echo "# kernel log has a splat: $tmp/console.log" || echo "# kernel log clean ($tmp/console.log)"
grep -q '^ok 1 ' "$tmp/tap"
