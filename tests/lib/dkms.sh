# Shared by tests/native/dkms.sh and tests/vm/dkms_load.sh: sourced after
# common.sh, never run. Installs kmembench into a staging folder and runs
# DKMS on its module source in trees of its own (--dkmstree, --sourcetree,
# --installtree, --no-depmod), so nothing under /var/lib/dkms, /usr/src or
# /lib/modules changes; only DKMS's signing key (/var/lib/dkms/mok.key) is
# made on first use, as DKMS does on any Debian machine.
: "${KMB_BUILD_DIR:?run through ctest}"

need_dkms() {
	command -v dkms >/dev/null ||
		{ echo "SKIP: dkms missing (scripts/setup: package dkms)"; exit "$SKIP"; }
}

# Installs into $TMP/stage and adds the module source to DKMS; sets
# DKMS_VERSION and dkms=(dkms --dkmstree ... ).
dkms_add() {
	local share
	DESTDIR=$TMP/stage cmake --install "$KMB_BUILD_DIR" --prefix /usr >"$TMP/install.log" ||
		fail "cmake --install failed: $(tail -n 5 "$TMP/install.log")"
	share=$TMP/stage/usr/share/kmembench
	DKMS_VERSION=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$share/driver/dkms.conf")
	[ -n "$DKMS_VERSION" ] || fail "no PACKAGE_VERSION in dkms.conf"
	mkdir -p "$TMP/dkms/tree" "$TMP/dkms/src" "$TMP/dkms/lib-modules"
	dkms=(dkms --dkmstree "$TMP/dkms/tree" --sourcetree "$TMP/dkms/src"
		--installtree "$TMP/dkms/lib-modules")
	"${dkms[@]}" add "$share/driver" >"$TMP/dkms-add.log" 2>&1 ||
		fail "dkms add failed: $(tail -n 5 "$TMP/dkms-add.log")"
}

# dkms build and install for RELEASE (headers in /lib/modules/RELEASE/build);
# prints the path of the uncompressed kmembench.ko installed for it.
dkms_build_install() {
	local rel=$1 ko
	"${dkms[@]}" build -m kmembench -v "$DKMS_VERSION" -k "$rel" >"$TMP/dkms-$rel.log" 2>&1 ||
		fail "dkms build for $rel failed: $(grep -v readelf "$TMP/dkms-$rel.log" | tail -n 15)"
	mkdir -p "$TMP/dkms/lib-modules/$rel"
	"${dkms[@]}" install --no-depmod -m kmembench -v "$DKMS_VERSION" -k "$rel" \
		>>"$TMP/dkms-$rel.log" 2>&1 ||
		fail "dkms install for $rel failed: $(grep -v readelf "$TMP/dkms-$rel.log" | tail -n 15)"
	ko=$(find "$TMP/dkms/lib-modules/$rel" -name 'kmembench.ko*' | head -n 1)
	[ -n "$ko" ] || fail "dkms install for $rel placed no kmembench.ko"
	case $ko in
	*.xz) xz -dc "$ko" >"$TMP/kmembench-$rel.ko" ;;
	*.zst) zstd -qdc "$ko" >"$TMP/kmembench-$rel.ko" ;;
	*.gz) gzip -dc "$ko" >"$TMP/kmembench-$rel.ko" ;;
	*) cp "$ko" "$TMP/kmembench-$rel.ko" ;;
	esac
	echo "$TMP/kmembench-$rel.ko"
}
