#!/usr/bin/env bash
# Takes the screenshots of docs/app.md from the real programs: a DC on 127.0.0.1, two profiles made with
# amazingstore-node, the tray app under Xvfb with trayer as the tray host, keys sent with xdotool.
# The dark pair is the same app under qt6ct with its "darker" colour scheme, as a user of a dark desktop
# without KDE's platform theme gets it (KDE's own theme hands the palette over the same way).
# Usage: docs/img/make-screenshots.sh [BUILD_DIR]    (needs xvfb, trayer, imagemagick, xdotool; qt6ct for
# the dark pair)
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
bin="$build/app"
out=docs/img
tmp=$(mktemp -d)
export HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/home/.config" XDG_DATA_HOME="$tmp/home/.local/share"
mkdir -p "$HOME/Downloads"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT

port=$((20000 + RANDOM % 20000))
dc="http://127.0.0.1:$port"
"$bin/amazingstore-dc" --listen "127.0.0.1:$port" --data "$tmp/dc" >/dev/null 2>&1 & pids+=($!)
for _ in $(seq 50); do curl -fsS "$dc/api/v1/health" >/dev/null 2>&1 && break; sleep 0.1; done

export AMAZINGSTORE_PASSWORD="screenshot password"
"$bin/amazingstore-node" --profile "$tmp/alice" register --dc "$dc" alice >/dev/null
"$bin/amazingstore-node" --profile "$tmp/bob" register --dc "$dc" bob >/dev/null
mkdir -p "$tmp/files"
for f in "Quarterly report 2026-Q3.pdf:2300000" "Holiday photos Lisbon.zip:31000000" "Thesis draft v7.odt:850000" \
         "Band rehearsal.flac:48000000" "Tax return 2025.pdf:420000" "Kitchen plans.dwg:5600000"; do
  head -c "${f##*:}" /dev/urandom > "$tmp/files/${f%%:*}"
done
"$bin/amazingstore-node" --profile "$tmp/alice" upload "$tmp/files/"* > "$tmp/links"
unset AMAZINGSTORE_PASSWORD

export DISPLAY=:$((50 + RANDOM % 40))
Xvfb "$DISPLAY" -screen 0 1240x720x24 -nolisten tcp >/dev/null 2>&1 & pids+=($!)
sleep 1
trayer --edge top --align right --widthtype request --height 24 --SetDockType true >/dev/null 2>&1 & pids+=($!)
sleep 1

"$bin/amazingstore" --profile "$tmp/alice" >/dev/null 2>&1 & alice=$!; pids+=($alice)
sleep 6
# First run with an account: the app asks before holding other users' data. Contribute (the default button).
import -window root "$out/contribution-consent.png"
dialog=$(xdotool search --onlyvisible --name 'Contribute storage' | head -1 || true)
if [ -n "$dialog" ]; then xdotool windowfocus --sync "$dialog" key Return; fi
sleep 2
import -window root "$out/main-window.png"

# Contribution view: Alt+C is the tab's mnemonic.
win=$(xdotool search --onlyvisible --name '^AmazingStore$' | head -1)
xdotool windowfocus --sync "$win" key alt+c
sleep 3
import -window root "$out/contribution.png"

# Share flow: bob opens alice's link (as a click on an amazingstore:// link would), keeps the suggested
# folder, and the transfer shows what came from peers and from the DC.
link=$(sed -n 2p "$tmp/links")
printf '{"version": 1, "contribution_asked": true}\n' > "$tmp/bob/settings-ui.json" # bob answered before
"$bin/amazingstore" --profile "$tmp/bob" "$link" >/dev/null 2>&1 & bob=$!; pids+=($bob)
sleep 5
dialog=$(xdotool search --onlyvisible --name 'Download into folder' | head -1 || true)
if [ -n "$dialog" ]; then xdotool windowfocus --sync "$dialog" key Return; fi
sleep 8
import -window root "$out/share-flow.png"

# Dark palette: alice's app again, now under qt6ct with the "darker" scheme and the Fusion style.
scheme=/usr/share/qt6ct/colors/darker.conf
if [ -e "$scheme" ]; then
  kill "$bob" "$alice"; wait "$bob" "$alice" 2>/dev/null || true
  mkdir -p "$XDG_CONFIG_HOME/qt6ct"
  printf '[Appearance]\ncolor_scheme_path=%s\ncustom_palette=true\nstyle=Fusion\n' "$scheme" \
    > "$XDG_CONFIG_HOME/qt6ct/qt6ct.conf"
  QT_QPA_PLATFORMTHEME=qt6ct "$bin/amazingstore" --profile "$tmp/alice" >/dev/null 2>&1 & pids+=($!)
  sleep 6
  import -window root "$out/main-window-dark.png"
  win=$(xdotool search --onlyvisible --name '^AmazingStore$' | head -1)
  xdotool windowfocus --sync "$win" key alt+c
  sleep 3
  import -window root "$out/contribution-dark.png"
else
  echo "qt6ct is not installed: no dark screenshots" >&2
fi
echo "screenshots in $out"
