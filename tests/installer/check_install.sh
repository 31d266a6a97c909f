#!/usr/bin/env bash
# Installs the build into a temporary root (DESTDIR, prefix /usr, as the .deb lays it out) and checks the
# desktop integration: programs, .desktop with the amazingstore:// scheme, AppStream, icons, systemd units.
# Usage: check_install.sh BUILD_DIR
set -euo pipefail
build=$1
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

DESTDIR="$root" cmake --install "$build" --prefix /usr >"$root.log" 2>&1 || { cat "$root.log" >&2; fail "cmake --install"; }
rm -f "$root.log"
u="$root/usr"

for p in amazingstore amazingstore-node amazingstore-dc; do
  if [ -x "$build/app/$p" ]; then
    [ -x "$u/bin/$p" ] || fail "$p not installed to /usr/bin"
  else
    echo "note: $p is not built; not checked"
  fi
done

desktop="$u/share/applications/amazingstore.desktop"
[ -f "$desktop" ] || fail "no .desktop file"
grep -qx 'MimeType=x-scheme-handler/amazingstore;' "$desktop" || fail ".desktop does not register x-scheme-handler/amazingstore"
grep -q '^Exec=amazingstore %U$' "$desktop" || fail ".desktop Exec does not pass URLs (%U)"
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$desktop" || fail "desktop-file-validate"
else
  echo "note: desktop-file-validate not installed (desktop-file-utils); skipped"
fi

meta="$u/share/metainfo/io.github.amazingstore.AmazingStore.metainfo.xml"
[ -f "$meta" ] || fail "no AppStream metainfo"
if command -v appstreamcli >/dev/null; then
  appstreamcli validate --no-net "$meta" >/dev/null || fail "appstreamcli validate"
fi

[ -f "$u/share/icons/hicolor/scalable/apps/amazingstore.svg" ] || fail "no app icon in hicolor/scalable"
for s in normal transferring p2p error paused; do
  [ -f "$u/share/icons/hicolor/scalable/status/amazingstore-tray-$s.svg" ] || fail "no tray icon $s"
done

dc_unit="$u/lib/systemd/system/amazingstore-dc.service"
node_unit="$u/lib/systemd/user/amazingstore-node.service"
[ -f "$dc_unit" ] || fail "no system unit amazingstore-dc.service"
[ -f "$node_unit" ] || fail "no user unit amazingstore-node.service"
grep -q '^ExecStart=/usr/bin/amazingstore-dc --listen ' "$dc_unit" || fail "DC unit ExecStart"
grep -q '^ExecStart=/usr/bin/amazingstore-node run$' "$node_unit" || fail "node unit ExecStart"
if command -v systemd-analyze >/dev/null && [ -d /run/systemd/system ]; then
  systemd-analyze verify --root="$root" "$dc_unit" 2>/dev/null || echo "note: systemd-analyze verify complained (binaries outside the root?)"
fi
echo "install tree OK: $(find "$root" -type f | wc -l) files"
