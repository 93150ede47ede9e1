#!/usr/bin/env bash
# export.sh: regenerate patches/NNNN-*.patch and patches/series from base..HEAD
# of the developer tree. The cover letter (0000-cover-letter.txt) is kept.
. "$(dirname "$0")/lib.sh"
[ -d "$TREE/.git" ] || die "no developer tree; run 'make tree' first"
[ -z "$(git -C "$TREE" status --porcelain --untracked-files=no)" ] ||
	die "$TREE has uncommitted changes; commit them first"
tmp=$(mktemp -d)
git -C "$TREE" format-patch -q --zero-commit --no-signature -o "$tmp/named" base..HEAD >/dev/null

pid() { git patch-id --stable < "$1" | awk '{print $1}'; }
v=$(base_version)
if [ -n "$v" ] && [ "$v" != "$PIN" ]; then
	# A tree on a fallback base: keep patches/ (the $PIN series) and write
	# only the patches whose change differs there to patches/base-$v/.
	[ "$(cd "$tmp/named" && ls)" = "$(series)" ] ||
		die "the tree's commits are not the series' patches one for one; change the series on a $PIN tree"
	mkdir -p "$PATCHES/base-$v"
	rm -f "$PATCHES/base-$v"/*.patch
	n=0
	for f in "$tmp"/named/*.patch; do
		p=$(basename "$f")
		[ "$(pid "$f")" = "$(pid "$PATCHES/$p")" ] && continue
		cp "$f" "$PATCHES/base-$v/"
		n=$((n + 1))
	done
	rm -rf "$tmp"
	log "base $v is not $PIN: exported $n patch(es) that differ there to patches/base-$v/"
	exit 0
fi

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
