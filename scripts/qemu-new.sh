#!/usr/bin/env bash
# qemu-new.sh: fetch a newer QEMU (Debian bookworm-backports) into $B/qemu-new
# without installing it, and print the QEMU= value for boot.sh and try.sh.
# Used to compare TCG versions on the two-CPU stress failure: both this and
# Debian 12's QEMU 7.2 have the cpu_clear_ignne() race behind it (see
# patches/pending/README.md).
. "$(dirname "$0")/lib.sh"
d=$B/qemu-new
mkdir -p "$d/lists/partial" "$d/cache/archives/partial" "$d/debs"
echo "deb http://deb.debian.org/debian bookworm-backports main" > "$d/sources.list"
opts=(-o Dir::Etc::sourcelist="$d/sources.list" -o Dir::Etc::sourceparts=-
      -o Dir::State::Lists="$d/lists" -o Dir::Cache="$d/cache" -o APT::Sandbox::User=root)
if [ ! -x "$d/root/usr/bin/qemu-system-x86_64" ]; then
	apt-get "${opts[@]}" update > "$LOGS/qemu-new.log" 2>&1 || die "apt-get update failed, see $LOGS/qemu-new.log"
	(cd "$d/debs" && apt-get "${opts[@]}" download qemu-system-x86/bookworm-backports \
		qemu-system-common/bookworm-backports qemu-system-data/bookworm-backports) \
		>> "$LOGS/qemu-new.log" 2>&1 || die "download failed, see $LOGS/qemu-new.log"
	for f in "$d"/debs/*.deb; do dpkg -x "$f" "$d/root"; done
fi
"$d/root/usr/bin/qemu-system-x86_64" --version | head -1 >&2
echo "$d/root/usr/bin/qemu-system-x86_64 -L $d/root/usr/share/qemu -L /usr/share/seabios"
