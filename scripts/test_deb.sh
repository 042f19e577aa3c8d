#!/usr/bin/env bash
# CI, as root on Debian: the .deb as a county's machine gets it. The same payload packed with an
# older version is installed with apt, then the real package over it (an upgrade), then removed.
# After each install a user without root runs the smoke test offscreen and in an Xvfb window
# (platform xcb); what that user's runs left in their home (settings folder, log) must survive
# the upgrade and the removal.
#   scripts/test_deb.sh [DEB] [FROZEN_DIR]   (defaults: build/deb/*.deb, build_frozen.sh's build)
set -euo pipefail
cd "$(dirname "$0")/.."
APPID=cn.schoolroll.schoolroll
DEB=${1:-$(ls build/deb/${APPID}_*.deb | sort -V | tail -1)}
APP=${2:-build/frozen/dist/SchoolRoll}
USER_NAME=schoolroll-ci
[ "$(id -u)" = 0 ] || { echo "test_deb: run as root (it installs packages)" >&2; exit 1; }
export DEBIAN_FRONTEND=noninteractive
fail() { echo "test_deb: $*" >&2; exit 1; }
t0=$(date +%s)

version=$(dpkg-deb -f "$DEB" Version)
info_version=$(dpkg-deb --fsys-tarfile "$DEB" | tar -xOf - "./opt/apps/$APPID/info" |
  sed -n 's/.*"version": "\(.*\)".*/\1/p')
entry=$(dpkg-deb --fsys-tarfile "$DEB" | tar -xOf - "./opt/apps/$APPID/entries/applications/$APPID.desktop")
[ "$info_version" = "$version" ] || fail "info says $info_version, control $version"
[[ $entry == *"X-SchoolRoll-Version=$version"* ]] || fail "desktop entry version differs"
[[ $(basename "$DEB") == "${APPID}_${version}_$(dpkg --print-architecture).deb" ]] || fail "file name"
outside=$(dpkg-deb -c "$DEB" | awk '{print $6}' | grep -v "^\./opt/apps/$APPID/" |
  grep -vx -e './' -e './opt/' -e './opt/apps/' -e "./opt/apps/$APPID/" |
  grep -v -e '^\./usr/$' -e '^\./usr/bin/$' -e '^\./usr/share/' || true)
[ "$outside" = "./usr/bin/schoolroll" ] || fail "files outside /opt/apps: $outside"
dpkg-deb -c "$DEB" | awk '{print $6}' | grep '^\./usr/share/' | grep -v '/$' |
  grep -vx -e "./usr/share/applications/$APPID.desktop" \
    -e "./usr/share/icons/hicolor/256x256/apps/$APPID.png" && fail "unexpected files in /usr/share"

old_version=0.0.1
old_dir=$(mktemp -d)
trap 'rm -rf "$old_dir"' EXIT
VERSION=$old_version DEB_DIR="$old_dir" DEB_COMPRESSION=none bash scripts/build_deb.sh "$APP" >/dev/null
old_deb=$(ls "$old_dir"/*.deb)

id "$USER_NAME" >/dev/null 2>&1 || useradd --create-home "$USER_NAME"
home=$(getent passwd "$USER_NAME" | cut -d: -f6)
as_user() {  # as_user CMD...: a clean login-like environment, no root, no inherited Qt settings
  runuser -u "$USER_NAME" -- env -i HOME="$home" PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 \
    "$@"
}
smoke_both() {
  local line
  line=$(cd "$home" && as_user QT_QPA_PLATFORM=offscreen timeout 600 schoolroll gui --smoke-test)
  echo "$line"
  [[ $line == 自检通过*"Qt 平台 offscreen，UTF-8 模式"* ]] || fail "offscreen smoke test"
  line=$(cd "$home" && as_user QT_QPA_PLATFORM=xcb timeout 600 \
    xvfb-run -a -s "-screen 0 1280x800x24" schoolroll gui --smoke-test)
  echo "$line"
  [[ $line == 自检通过*"Qt 平台 xcb，UTF-8 模式"* ]] || fail "xcb smoke test"
}
installed() { dpkg-query -W -f '${Status} ${Version}' "$APPID" 2>/dev/null || true; }

# A run that stopped half-way may have left the package installed: start from none.
if dpkg-query -W -f '${Status}' "$APPID" 2>/dev/null | grep -q ' installed'; then
  apt-get remove -y -qq "$APPID" >/dev/null
fi
apt-get install -y -qq "$old_deb" >/dev/null
[ "$(installed)" = "install ok installed $old_version" ] || fail "old package: $(installed)"
smoke_both
# The user's own files: the settings folder and the log the runs wrote, plus a marker file.
user_data=("$home/.config/SchoolRoll" "$home/.local/state/SchoolRoll/log/schoolroll.log")
for path in "${user_data[@]}"; do [ -e "$path" ] || fail "no $path after a run"; done
as_user sh -c 'echo keep > "$HOME/.config/SchoolRoll/marker"'

apt-get install -y -qq "$(readlink -f "$DEB")" >/dev/null
[ "$(installed)" = "install ok installed $version" ] || fail "upgrade: $(installed)"
dpkg -V "$APPID" || fail "files differ from the package after the upgrade"
smoke_both
[ "$(cat "$home/.config/SchoolRoll/marker")" = keep ] || fail "upgrade lost user data"

apt-get remove -y -qq "$APPID" >/dev/null
[ -z "$(installed | grep ' installed')" ] || fail "still installed: $(installed)"
for gone in "/opt/apps/$APPID" /usr/bin/schoolroll "/usr/share/applications/$APPID.desktop"; do
  [ ! -e "$gone" ] && [ ! -L "$gone" ] || fail "$gone left after removal"
done
for path in "${user_data[@]}" "$home/.config/SchoolRoll/marker"; do
  [ -e "$path" ] || fail "removal deleted $path"
done
echo "test_deb: $old_version -> $version installed, smoke-tested (offscreen, xcb), upgraded," \
  "removed; user data kept; $(($(date +%s) - t0)) s"
