#!/usr/bin/env bash
# config.sh FLAVOR: tinyconfig + config/base.config [+ config/FLAVOR.config] in
# $OUT/FLAVOR, then check that olddefconfig kept every line of the fragments.
. "$(dirname "$0")/lib.sh"
flavor=${1:?usage: config.sh plain|debug|sev}
frags=("$ROOT/config/base.config")
[ "$flavor" = plain ] || frags+=("$ROOT/config/$flavor.config")
o=$OUT/$flavor
mkdir -p "$o"

kmake "$flavor" -s tinyconfig >/dev/null
"$LINUX/scripts/kconfig/merge_config.sh" -m -O "$o" "$o/.config" "${frags[@]}" >/dev/null
kmake "$flavor" -s olddefconfig >/dev/null

lost=0
while IFS= read -r line; do
	case "$line" in
	CONFIG_*=*) want=$line; sym=${line%%=*} ;;
	"# CONFIG_"*" is not set") sym=${line#\# }; sym=${sym%% *}; want="" ;;
	*) continue ;;
	esac
	# A symbol this tree does not define yet (fragments serve every patch
	# of the series and the unpatched base) is not an error.
	if ! git -C "$LINUX" grep -q -E "^\s*(menu)?config ${sym#CONFIG_}\s*$" -- '*Kconfig*'; then
		echo "config/$flavor: $sym is not defined in this tree (ignored)"
		continue
	fi
	have=$(grep -E "^$sym=|^# $sym is not set" "$o/.config" || true)
	case "$have" in "# "*) have="" ;; esac
	if [ "$have" != "$want" ]; then
		echo "config/$flavor: '$line' lost after olddefconfig (have: '${have:-not set}')" >&2
		lost=1
	fi
done < <(cat "${frags[@]}")
[ $lost = 0 ] || die "kernel config $flavor does not hold its fragments (missing dependency?)"
