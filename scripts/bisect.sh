#!/usr/bin/env bash
# bisect.sh: compile the plain kernel after every patch of the series but the
# last (the last is the tested kernel, built in full by the caller).
# Incremental, in $OUT/plain, so each step rebuilds only what that patch
# touched, and only the kbuild directories the series changes (e.g.
# arch/x86/kvm/, which builds virt/kvm too, mm/, lib/): no relink, which
# alone costs a minute on 2 cores.  A patch that touches only documentation,
# MAINTAINERS or selftests leaves the kernel sources as the previous step
# built them: it is reported ok without a build.
. "$(dirname "$0")/lib.sh"

# kernel_unchanged COMMIT: true if COMMIT touches no file of the kernel build.
kernel_unchanged() {
	local files
	files=$(git -C "$LINUX" diff-tree --no-commit-id --name-only -r "$1")
	! grep -vE '^(Documentation/|MAINTAINERS$|tools/testing/)' <<< "$files" > /dev/null
}
head=$(git -C "$LINUX" rev-parse HEAD)
# The kbuild directories the series' C files are compiled in (virt/kvm/ is
# built from arch/x86/kvm/); headers are covered by their users there.
mapfile -t dirs < <(git -C "$LINUX" diff --name-only base "$head" -- '*.c' |
	grep -v '^tools/' | sed -e 's|^virt/kvm/.*|arch/x86/kvm/|' -e 's|/[^/]*$|/|' |
	sed -e 's|^arch/x86/kvm/.*|arch/x86/kvm/|' | sort -u)
mapfile -t commits < <(git -C "$LINUX" rev-list --reverse base..HEAD)
: > "$LOGS/bisect.log"
n=${#commits[@]}
i=0
for c in "${commits[@]}"; do
	i=$((i + 1))
	[ "$i" -lt "$n" ] || break
	subject=$(git -C "$LINUX" log -1 --format=%s "$c")
	if [ -n "${built:-}" ] && kernel_unchanged "$c"; then
		echo "ok - bisect/$i $subject # kernel sources as built in bisect/$built"
		continue
	fi
	git -C "$LINUX" checkout -q --detach "$c"
	if "$ROOT/scripts/config.sh" plain >> "$LOGS/bisect.log" 2>&1 &&
	   kmake plain "${dirs[@]}" > "$LOGS/bisect-step.log" 2>&1; then
		cat "$LOGS/bisect-step.log" >> "$LOGS/bisect.log"
		warnings=$(series_warnings "$LOGS/bisect-step.log")
		if [ -n "$warnings" ]; then
			echo "$warnings" | sed 's/^/# /'
			echo "not ok - bisect/$i $subject # builds with compiler warnings"
		else
			echo "ok - bisect/$i $subject"
		fi
		built=$i
	else
		cat "$LOGS/bisect-step.log" >> "$LOGS/bisect.log"
		grep -E 'error:' "$LOGS/bisect.log" | tail -5 | sed 's/^/# /'
		echo "not ok - bisect/$i $subject # does not build, see $LOGS/bisect.log"
		built=
	fi
done
git -C "$LINUX" checkout -q --detach "$head"
