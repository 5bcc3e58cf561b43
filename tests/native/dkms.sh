# DKMS builds the installed module source for every kernel whose headers are
# installed here (the host itself loads no modules: tests/vm/dkms_load.sh
# boots one): dkms add on share/kmembench/driver, then build and install
# for each /lib/modules/RELEASE/build; the module's vermagic names that
# release, and dkms status says "installed" for each.
. "$KMB_SOURCE_DIR/tests/lib/common.sh"
. "$KMB_SOURCE_DIR/tests/lib/dkms.sh"
need_dkms

releases=()
for b in /lib/modules/*/build; do
	[ -f "$b/Makefile" ] && releases+=("$(basename "$(dirname "$b")")")
done
[ "${#releases[@]}" -gt 0 ] ||
	{ echo "SKIP: no kernel headers installed (scripts/setup: linux-headers-*)"; exit "$SKIP"; }

dkms_add
for rel in "${releases[@]}"; do
	ko=$(dkms_build_install "$rel")
	vermagic=$(modinfo -F vermagic "$ko") || fail "modinfo cannot read $ko"
	[ "${vermagic%% *}" = "$rel" ] || fail "module for $rel has vermagic '$vermagic'"
	modinfo -F name "$ko" | grep -qx kmembench || fail "$ko is not kmembench"
	"${dkms[@]}" status -m kmembench -v "$DKMS_VERSION" -k "$rel" 2>/dev/null | grep -q ': installed$' ||
		fail "dkms status for $rel: $("${dkms[@]}" status 2>&1 | grep -v readelf)"
	note "dkms built and installed kmembench $DKMS_VERSION for $rel"
done
echo "dkms: all checks passed (${releases[*]})"
