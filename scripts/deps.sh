#!/usr/bin/env bash
# deps.sh: install the Debian packages the harness needs (as root), if missing.
. "$(dirname "$0")/lib.sh"
pkgs=(build-essential flex bison bc libelf-dev libssl-dev cpio kmod xz-utils git
      ccache python3 python3-ply python3-git perl qemu-system-x86 busybox-static gnuplot-nox
      ninja-build python3-venv pkg-config bzip2 libglib2.0-dev zlib1g-dev libfdt-dev)	# QEMU
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep "ok installed" > /dev/null || missing+=("$p")
done
[ ${#missing[@]} = 0 ] && exit 0
[ "$(id -u)" = 0 ] || die "missing packages (${missing[*]}); run as root or install them"
log "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q > "$LOGS/apt-update.log" 2>&1 || die "apt-get update failed, see $LOGS/apt-update.log"
apt-get install -y -q --no-install-recommends "${missing[@]}" > "$LOGS/apt-install.log" 2>&1 ||
	die "apt-get install failed, see $LOGS/apt-install.log"
