#!/usr/bin/env bash
# sev.sh: compile-only lane. KVM with SEV/SEV-SNP (and VMX) enabled, arch/x86/kvm
# (which builds virt/kvm too) and arch/x86/virt with W=1. Fails on a build error
# or on any W=1 warning in those directories that config/w1-baseline.txt (the
# warnings of the unpatched base) does not list.
. "$(dirname "$0")/lib.sh"
"$ROOT/scripts/config.sh" sev
log=$LOGS/sev-w1.log
if ! kmake sev W=1 arch/x86/kvm/ arch/x86/virt/ > "$log" 2>&1; then
	grep -E 'error' "$log" | head -20 | sed 's/^/# /'
	echo "not ok - sev/build # build error, see $log"
	exit 0
fi
echo "ok - sev/build"
norm() { { grep -E ': warning: ' || true; } | sed -E 's#^.*/((arch/x86/kvm|virt/kvm|arch/x86/virt)/[^:]*):[0-9]+:[0-9]+:#\1:#' | sort -u; }
norm < "$log" > "$LOGS/sev-w1.warnings"
new=$(comm -23 "$LOGS/sev-w1.warnings" <(sort -u "$ROOT/config/w1-baseline.txt"))
if [ -n "$new" ]; then
	echo "$new" | sed 's/^/# /'
	echo "not ok - sev/w1-warnings # $(echo "$new" | wc -l) new W=1 warning(s)"
else
	echo "ok - sev/w1-warnings"
fi
