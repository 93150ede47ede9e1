#!/usr/bin/env bash
# export.sh: regenerate patches/NNNN-*.patch and patches/series from base..HEAD
# of the developer tree. The cover letter (0000-cover-letter.txt) is kept.
. "$(dirname "$0")/lib.sh"
[ -d "$TREE/.git" ] || die "no developer tree; run 'make tree' first"
[ -z "$(git -C "$TREE" status --porcelain --untracked-files=no)" ] ||
	die "$TREE has uncommitted changes; commit them first"
tmp=$(mktemp -d)
git -C "$TREE" format-patch -q --zero-commit --no-signature -o "$tmp/named" base..HEAD >/dev/null
rm -f "$PATCHES"/[0-9][0-9][0-9][0-9]-*.patch
: > "$PATCHES/series.new"
for f in "$tmp"/named/*.patch; do
	[ -e "$f" ] || continue
	cp "$f" "$PATCHES/"
	basename "$f" >> "$PATCHES/series.new"
done
mv "$PATCHES/series.new" "$PATCHES/series"
rm -rf "$tmp"
log "exported $(series | wc -l) patch(es) to patches/"
