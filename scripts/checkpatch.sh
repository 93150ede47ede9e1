#!/usr/bin/env bash
# checkpatch.sh: scripts/checkpatch.pl --strict on every patch of the series.
# One result line per patch: ERRORs and WARNINGs fail it, CHECKs are reported.
# (The "does MAINTAINERS need updating" warning is reported, not counted.
# UNKNOWN_COMMIT_ID is off: the base is one commit without upstream history,
# so every upstream commit a patch names (Fixes:, "commit ...") is unknown.)
. "$(dirname "$0")/lib.sh"
: > "$LOGS/checkpatch.log"
while read -r p; do
	out=$(cd "$LINUX" && PATH=/usr/bin:$PATH ./scripts/checkpatch.pl --strict --terse --show-types --ignore UNKNOWN_COMMIT_ID "$(patch_file "$p")" 2>&1 || true)
	echo "$out" >> "$LOGS/checkpatch.log"
	bad=$(echo "$out" | grep -E ': (ERROR|WARNING):' | grep -v 'FILE_PATH_CHANGES' || true)
	checks=$(echo "$out" | grep -c ': CHECK:' || true)
	if [ -n "$bad" ]; then
		echo "$bad" | sed 's/^/# /'
		echo "not ok - checkpatch/$p # $(echo "$bad" | wc -l) error/warning line(s)"
	else
		[ "$checks" = 0 ] || echo "$out" | grep ': CHECK:' | sed 's/^/# /'
		echo "ok - checkpatch/$p${checks:+ # $checks CHECK(s)}" | sed 's/ # 0 CHECK(s)$//'
	fi
done < <(series)
