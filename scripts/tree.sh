#!/usr/bin/env bash
# tree.sh: the developer tree $TREE = base + patches/ as commits. Commit there
# (git commit -s), then "make export". Refuses to overwrite unexported work.
. "$(dirname "$0")/lib.sh"
if [ -d "$TREE/.git" ] && [ -z "${FORCE:-}" ]; then
	if [ -n "$(git -C "$TREE" status --porcelain --untracked-files=no)" ]; then
		die "$TREE has uncommitted changes; commit and 'make export', or FORCE=1 make tree"
	fi
	ours=$(series | while read -r p; do cat "$(patch_file "$p")"; done | git patch-id --stable | awk '{print $1}' | sort)
	theirs=$(git -C "$TREE" format-patch --stdout base..HEAD | git patch-id --stable | awk '{print $1}' | sort)
	if [ -n "$(comm -13 <(echo "$ours") <(echo "$theirs") | grep .)" ]; then
		die "$TREE has commits that are not in patches/; 'make export' first, or FORCE=1 make tree"
	fi
fi
"$ROOT/scripts/apply.sh" "$TREE"
rm -f "$TREE/.git/series-stamp"
git -C "$TREE" checkout -q -B dev
log "developer tree: $TREE (branch dev, base tagged 'base'); new files need 'git add -f'"
