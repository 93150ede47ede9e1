#!/usr/bin/env bash
# qemu-source.sh: Debian's QEMU 10.0.2 source (bookworm-backports, fetched with
# a private sources list, nothing installed) extracted once into
# $QEMU_PRISTINE as one commit tagged "qemu-base"; and the build tools QEMU 10
# needs that bookworm lacks (meson >= 1.5, pycotap) from bookworm-backports.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/qemu-lib.sh"
d=$B/qemu-apt
mkdir -p "$d/lists/partial" "$d/cache/archives/partial" "$d/dl"
cat > "$d/sources.list" <<EOS
deb http://deb.debian.org/debian bookworm-backports main
deb-src http://deb.debian.org/debian bookworm-backports main
EOS
apt_bpo() { apt-get -o Dir::Etc::sourcelist="$d/sources.list" -o Dir::Etc::sourceparts=- \
	-o Dir::State::Lists="$d/lists" -o Dir::Cache="$d/cache" -o APT::Sandbox::User=root "$@"; }
have_meson() { meson --version 2>/dev/null | awk -F. '{ exit !($1 > 1 || ($1 == 1 && $2 >= 5)) }'; }

have_pycotap() { /usr/bin/python3 -c 'import pycotap' 2> /dev/null; }
if [ ! -f "$d/dl/qemu_$QEMU_VERSION+ds.orig.tar.xz" ] || ! have_meson || ! have_pycotap; then
	apt_bpo update > "$LOGS/qemu-apt.log" 2>&1 || die "apt-get update (backports) failed, see $LOGS/qemu-apt.log"
fi
if ! have_meson || ! have_pycotap; then
	(cd "$d/dl" && apt_bpo download meson/bookworm-backports python3-pycotap/bookworm-backports) \
		>> "$LOGS/qemu-apt.log" 2>&1 || die "cannot download meson from backports, see $LOGS/qemu-apt.log"
	# apt-get (not dpkg -i) installs their dependencies from bookworm too.
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
		"$d"/dl/meson_*.deb "$d"/dl/python3-pycotap_*.deb >> "$LOGS/qemu-apt.log" 2>&1 ||
		die "cannot install meson, see $LOGS/qemu-apt.log"
fi
tarball=$d/dl/qemu_$QEMU_VERSION+ds.orig.tar.xz
if [ ! -f "$tarball" ]; then
	# Only the upstream (+ds) tarball is needed: Debian's packaging is not applied.
	(cd "$d/dl" && apt_bpo source --download-only "qemu/bookworm-backports") >> "$LOGS/qemu-apt.log" 2>&1 || true
	[ -f "$tarball" ] || die "no qemu_$QEMU_VERSION+ds source in bookworm-backports, see $LOGS/qemu-apt.log"
fi
git -C "$QEMU_PRISTINE" rev-parse -q --verify refs/tags/qemu-base > /dev/null 2>&1 && exit 0
log "extracting QEMU $QEMU_VERSION (Debian +ds source)"
rm -rf "$QEMU_PRISTINE" "$B/qemu-pristine.tmp"
mkdir -p "$B/qemu-pristine.tmp"
tar xf "$tarball" --no-same-owner -C "$B/qemu-pristine.tmp"
mv "$B/qemu-pristine.tmp/qemu-$QEMU_VERSION" "$QEMU_PRISTINE"
rmdir "$B/qemu-pristine.tmp"
git -C "$QEMU_PRISTINE" init -q
git -C "$QEMU_PRISTINE" -c core.looseCompression=1 add -f -A
git -C "$QEMU_PRISTINE" -c user.name="Debian QEMU team" -c user.email=pkg-qemu-devel@lists.alioth.debian.org \
	commit -q -m "QEMU $QEMU_VERSION (Debian qemu_$QEMU_VERSION+ds, pristine)" --date="2026-01-01T00:00:00Z"
git -C "$QEMU_PRISTINE" tag qemu-base
