#!/usr/bin/env bash
# source.sh: Debian's linux-source-6.12 (pinned version, else the newest 6.12
# served) extracted once into $PRISTINE as a single commit tagged "base".
. "$(dirname "$0")/lib.sh"
pkg=linux-source-6.12
tarball=/usr/src/linux-source-6.12.tar.xz

# served VERSION: the registry offers $pkg at VERSION.  Not "| grep -q": under
# pipefail, grep exiting at the first match can kill apt-cache with SIGPIPE,
# and the pipeline then fails although the version is there.
served() { apt-cache madison "$pkg" 2>/dev/null | awk -v v="$1" '$3 == v { f = 1 } END { exit !f }'; }

have=$(dpkg-query -W -f='${Version}' "$pkg" 2>/dev/null || true)
if [ "$have" != "$PIN" ]; then
	export DEBIAN_FRONTEND=noninteractive
	served "$PIN" || apt-get update -q > "$LOGS/apt-update.log" 2>&1 || true
	if served "$PIN"; then
		want="$pkg=$PIN"
	else
		newest=$(apt-cache madison "$pkg" | awk '{print $3}' | sort -V | tail -1)
		[ -n "$newest" ] || die "no $pkg in the package registry"
		echo "NOTE: $pkg $PIN is no longer served; using the newest 6.12: $newest"
		want="$pkg=$newest"
	fi
	if [ "$have" != "${want#*=}" ]; then
		apt-get install -y -q --no-install-recommends --allow-downgrades "$want" \
			> "$LOGS/apt-source.log" 2>&1 || die "cannot install $want, see $LOGS/apt-source.log"
	fi
	have=$(dpkg-query -W -f='${Version}' "$pkg")
fi

if git -C "$PRISTINE" rev-parse -q --verify refs/tags/base >/dev/null 2>&1 &&
   [ "$(cat "$PRISTINE/.git/debian-version" 2>/dev/null)" = "$have" ]; then
	exit 0
fi
log "extracting $pkg $have"
rm -rf "$PRISTINE" "$B/pristine.tmp"
mkdir -p "$B/pristine.tmp"
tar xf "$tarball" -C "$B/pristine.tmp"
mv "$B/pristine.tmp"/linux-source-6.12 "$PRISTINE"
rmdir "$B/pristine.tmp"
# Debian's top-level .gitignore ignores everything ("/*"): add with -f.
git -C "$PRISTINE" init -q
git -C "$PRISTINE" -c core.looseCompression=1 add -f -A
git -C "$PRISTINE" -c user.name="Debian kernel team" -c user.email=debian-kernel@lists.debian.org \
	commit -q -m "Linux $have (Debian $pkg, pristine)" --date="2026-01-01T00:00:00Z"
git -C "$PRISTINE" tag base
echo "$have" > "$PRISTINE/.git/debian-version"
