#!/usr/bin/env bash
# qemu-export.sh: regenerate qemu/patches/NNNN-*.patch and qemu/patches/series
# from qemu-base..HEAD of the QEMU developer tree (make qemu-checkpatch checks
# them). The cover letter (0000-cover-letter.txt) is kept.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/qemu-lib.sh"
[ -d "$QEMU_TREE/.git" ] || die "no QEMU developer tree; run 'make qemu-tree' first"
[ -z "$(git -C "$QEMU_TREE" status --porcelain --untracked-files=no)" ] ||
	die "$QEMU_TREE has uncommitted changes; commit them first"
mkdir -p "$QEMU_PATCHES"
find "$QEMU_PATCHES" -name "[0-9][0-9][0-9][0-9]-*.patch" ! -name "0000-*" -delete
git -C "$QEMU_TREE" format-patch -q --zero-commit --no-signature -o "$QEMU_PATCHES" qemu-base..HEAD
(cd "$QEMU_PATCHES" && ls [0-9][0-9][0-9][0-9]-*.patch | grep -v '^0000-') > "$QEMU_PATCHES/series"
log "exported $(qemu_series | wc -l) QEMU patch(es) to qemu/patches/"
