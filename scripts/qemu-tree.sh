#!/usr/bin/env bash
# qemu-tree.sh: the QEMU developer tree $QEMU_TREE = base + qemu/patches as
# commits (branch dev). Commit there (git commit -s), then "make qemu-export".
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/qemu-lib.sh"
"$ROOT/scripts/qemu-source.sh"
if [ -d "$QEMU_TREE/.git" ] && [ -z "${FORCE:-}" ]; then
	[ -z "$(git -C "$QEMU_TREE" status --porcelain --untracked-files=no)" ] ||
		die "$QEMU_TREE has uncommitted changes; commit and 'make qemu-export', or FORCE=1"
	n=$(git -C "$QEMU_TREE" rev-list --count qemu-base..HEAD)
	[ "$n" = "$(qemu_series | wc -l)" ] ||
		die "$QEMU_TREE has $n commits, qemu/patches $(qemu_series | wc -l); 'make qemu-export' first, or FORCE=1"
fi
qemu_apply "$QEMU_TREE"
git -C "$QEMU_TREE" checkout -q -B dev
log "QEMU developer tree: $QEMU_TREE (branch dev, base tagged 'qemu-base')"
