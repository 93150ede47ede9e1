#!/usr/bin/env bash
# base-kernel.sh: the unpatched 6.12 kernel (the pristine source, built with
# the plain lane's config) in $B/bench/base: make bench's baseline and the
# kernel of make check's "unpatched" boot. Logs: $LOGS/base/.
# The tree sits at the depth of $LINUX and its O= dir at the depth of
# $OUT/plain, so that ccache (CCACHE_BASEDIR=$B) sees the same relative paths.
. "$(dirname "$0")/lib.sh"
d=$B/bench/base
[ -d "$d/linux/.git" ] || git -c advice.detachedHead=false clone -q "$PRISTINE" "$d/linux"
git -c advice.detachedHead=false -C "$d/linux" checkout -q -f --detach base
mkdir -p "$LOGS/base"
LINUX_DIR=$d/linux OUT_DIR=$d/out LOGS_DIR=$LOGS/base \
	"$ROOT/scripts/config.sh" plain > "$LOGS/base/config.log"
BASE_REF=base LINUX_DIR=$d/linux OUT_DIR=$d/out LOGS_DIR=$LOGS/base \
	"$ROOT/scripts/kernel.sh" plain
