#!/usr/bin/env bash
# apply.sh [DIR]: make DIR (default $LINUX) = base + every patch in patches/series,
# one commit each (git am). Fails loudly with the patch name and rejected hunk.
. "$(dirname "$0")/lib.sh"
dir=${1:-$LINUX}
[ -d "$dir/.git" ] || git clone -q "$PRISTINE" "$dir"
git -C "$dir" fetch -q --tags "$PRISTINE" 2>/dev/null || true

stamp=$( (git -C "$PRISTINE" rev-parse base; series | while read -r p; do cat "$(patch_file "$p")"; done) | sha1sum)
# Up to date only if the series is the same and HEAD is still what it made.
if [ "$(head -1 "$dir/.git/series-stamp" 2>/dev/null)" = "$stamp" ] &&
   [ "$(sed -n 2p "$dir/.git/series-stamp" 2>/dev/null)" = "$(git -C "$dir" rev-parse HEAD)" ] &&
   [ -z "$(git -C "$dir" status --porcelain --untracked-files=no)" ]; then
	exit 0
fi
git -C "$dir" am --abort >/dev/null 2>&1 || true
git -C "$dir" checkout -q --detach base 2>/dev/null || git -C "$dir" checkout -q -f --detach base
git -C "$dir" reset -q --hard base
n=0
while read -r p; do
	n=$((n + 1))
	f=$(patch_file "$p")
	[ -f "$f" ] || die "patches/series names $p, which is not in patches/"
	if ! git -C "$dir" am -q --keep-cr "$f" > "$LOGS/apply.log" 2>&1; then
		git -C "$dir" am --abort >/dev/null 2>&1 || true
		echo "FAILED: patch $n (${f#"$ROOT"/}) does not apply:" >&2
		sed 's/^/  /' "$LOGS/apply.log" >&2
		echo "  rejected hunks:" >&2
		git -C "$dir" apply --check -v "$f" 2>&1 | sed -n '/^error: while searching for:/,/^error: patch failed/p' | sed 's/^/    /' >&2
		die "series does not apply at ${f#"$ROOT"/}"
	fi
done < <(series)
printf '%s\n%s\n' "$stamp" "$(git -C "$dir" rev-parse HEAD)" > "$dir/.git/series-stamp"
log "applied $n patch(es) on base"
