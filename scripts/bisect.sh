#!/usr/bin/env bash
# bisect.sh: build the plain kernel after every patch of the series but the
# last (the last is the tested kernel, built by the caller). Incremental, in
# $OUT/plain, so each step rebuilds only what that patch touched.
. "$(dirname "$0")/lib.sh"
head=$(git -C "$LINUX" rev-parse HEAD)
mapfile -t commits < <(git -C "$LINUX" rev-list --reverse base..HEAD)
: > "$LOGS/bisect.log"
n=${#commits[@]}
i=0
for c in "${commits[@]}"; do
	i=$((i + 1))
	[ "$i" -lt "$n" ] || break
	subject=$(git -C "$LINUX" log -1 --format=%s "$c")
	git -C "$LINUX" checkout -q --detach "$c"
	if "$ROOT/scripts/config.sh" plain >> "$LOGS/bisect.log" 2>&1 &&
	   kmake plain bzImage > "$LOGS/bisect-step.log" 2>&1; then
		cat "$LOGS/bisect-step.log" >> "$LOGS/bisect.log"
		warnings=$(series_warnings "$LOGS/bisect-step.log")
		if [ -n "$warnings" ]; then
			echo "$warnings" | sed 's/^/# /'
			echo "not ok - bisect/$i $subject # builds with compiler warnings"
		else
			echo "ok - bisect/$i $subject"
		fi
	else
		cat "$LOGS/bisect-step.log" >> "$LOGS/bisect.log"
		grep -E 'error:' "$LOGS/bisect.log" | tail -5 | sed 's/^/# /'
		echo "not ok - bisect/$i $subject # does not build, see $LOGS/bisect.log"
	fi
done
git -C "$LINUX" checkout -q --detach "$head"
