# Paths and helpers for the QEMU scripts (sourced after lib.sh).
# shellcheck shell=bash
QEMU_VERSION=10.0.2
QEMU_PRISTINE=$B/qemu-pristine	# Debian's qemu_10.0.2+ds source as one commit tagged "qemu-base"
QEMU_SRC=$B/qemu		# harness tree: base + qemu/patches (recreated from them)
QEMU_TREE=$B/qemu-tree		# developer tree: base + qemu/patches as commits (branch dev)
QEMU_OUT=$OUT/qemu		# QEMU's build directory
QEMU_PATCHES=$ROOT/qemu/patches
# The built binary and the firmware directories its -L needs.
QEMU_BIN=$QEMU_OUT/qemu-system-x86_64
qemu_series() { [ -f "$QEMU_PATCHES/series" ] && sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$QEMU_PATCHES/series" || true; }

# qemu_apply DIR: DIR = base + qemu/patches as commits ("git am"); a patch
# that does not apply names itself and its hunk.
qemu_apply() {
	local dir=$1 p
	rm -rf "$dir"
	git clone -q "$QEMU_PRISTINE" "$dir"
	# "qemu-base", not "base": tools that look for unexported kernel work
	# in trees with a "base" tag (the before-stop hook) leave QEMU alone.
	git -C "$dir" tag -f qemu-base > /dev/null
	for p in $(qemu_series); do
		if ! git -C "$dir" am -q --3way "$QEMU_PATCHES/$p" > "$LOGS/qemu-apply.log" 2>&1; then
			# Show the rejected hunks: apply what applies, keep *.rej.
			git -C "$dir" am --abort > /dev/null 2>&1 || true
			git -C "$dir" apply --reject "$QEMU_PATCHES/$p" >> "$LOGS/qemu-apply.log" 2>&1 || true
			(cd "$dir" && find . -name '*.rej' -exec cat {} +) >> "$LOGS/qemu-apply.log"
			grep -E '^(error|Rejected|Applied patch .* with)|^@@|^[-+]' "$LOGS/qemu-apply.log" | head -40 >&2
			die "QEMU patch $p does not apply (hunk above; log: $LOGS/qemu-apply.log)"
		fi
	done
}
