#!/usr/bin/env bash
# The 信创 package: a .deb of the frozen Linux build in the UOS layout (installer/README.md).
#   /opt/apps/<appid>/files/     the one-folder build (SchoolRoll, schoolroll-cli, _internal/)
#   /opt/apps/<appid>/entries/   applications/<appid>.desktop, icons/hicolor/256x256/apps/<appid>.png
#   /opt/apps/<appid>/info       appid, name, version, arch, permissions (JSON)
# and outside /opt/apps only links: the desktop entry, the icon and /usr/bin/schoolroll.
# Depends is what the payload links to outside itself, found with ldd and dpkg -S on this
# machine, plus libc6 (>= the newest GLIBC_ symbol version any binary asks for).
#
#   scripts/build_deb.sh [FROZEN_DIR]     (default build/frozen/dist/SchoolRoll, build_frozen.sh's)
# VERSION=... overrides pyproject's version (the upgrade test packs an older one);
# DEB_COMPRESSION=none|gzip|xz (default xz); the package goes to DEB_DIR (default build/deb).
set -euo pipefail
cd "$(dirname "$0")/.."
APPID=cn.schoolroll.schoolroll
APP=${1:-build/frozen/dist/SchoolRoll}
VERSION=${VERSION:-$(sed -n 's/^version = "\(.*\)"$/\1/p' pyproject.toml | head -1)}
ARCH=$(dpkg --print-architecture)
OUT=${DEB_DIR:-build/deb}
[ -x "$APP/schoolroll-cli" ] || { echo "build_deb: no frozen build in $APP (scripts/build_frozen.sh)" >&2; exit 1; }
[[ $VERSION =~ ^[0-9]+(\.[0-9]+)*$ ]] || { echo "build_deb: bad version '$VERSION'" >&2; exit 1; }

t0=$(date +%s)
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
root="$stage/root"
opt="/opt/apps/$APPID"
mkdir -p "$root$opt/entries/applications" "$root$opt/entries/icons/hicolor/256x256/apps" \
  "$root/usr/bin" "$root/usr/share/applications" "$root/usr/share/icons/hicolor/256x256/apps" \
  "$root/DEBIAN"
cp -a "$APP" "$root$opt/files"
install -m 644 desktop/resources/app.png "$root$opt/entries/icons/hicolor/256x256/apps/$APPID.png"
cat > "$root$opt/entries/applications/$APPID.desktop" <<EOF
[Desktop Entry]
Type=Application
Name=SchoolRoll
Name[zh_CN]=控辍保学台账助手
GenericName=Dropout-prevention ledgers
GenericName[zh_CN]=控辍保学台账
Comment[zh_CN]=校验、合并、汇总控辍保学月报台账（Excel 工作簿）
Exec=$opt/files/SchoolRoll
Icon=$APPID
Terminal=false
Categories=Office;Education;
StartupWMClass=SchoolRoll
X-SchoolRoll-Version=$VERSION
EOF
cat > "$root$opt/info" <<EOF
{
  "appid": "$APPID",
  "name": "控辍保学台账助手",
  "version": "$VERSION",
  "arch": ["$ARCH"],
  "permissions": {
    "autostart": false, "notification": false, "trayicon": false, "clipboard": false,
    "account": false, "bluetooth": false, "camera": false, "audio_record": false,
    "installed_apps": false
  }
}
EOF
ln -s "$opt/files/schoolroll-cli" "$root/usr/bin/schoolroll"
ln -s "$opt/entries/applications/$APPID.desktop" "$root/usr/share/applications/$APPID.desktop"
ln -s "$opt/entries/icons/hicolor/256x256/apps/$APPID.png" \
  "$root/usr/share/icons/hicolor/256x256/apps/$APPID.png"

# What the payload links to outside itself: every ELF file under ldd, the bundle's own library
# folders searched first (as at run time), a library ldd cannot find fails the build.
files="$root$opt/files"
printf '\177ELF' > "$stage/elf_magic"
elves=$(find "$files" -type f -print0 | while IFS= read -r -d '' f; do
  cmp -s -n 4 "$f" "$stage/elf_magic" && printf '%s\n' "$f"
done)
lib_path=$(printf '%s\n' "$elves" | grep '\.so' | xargs -d '\n' -n1 dirname | sort -u | paste -sd:)
linked=$(printf '%s\n' "$elves" | LD_LIBRARY_PATH="$lib_path" xargs -d '\n' -n1 ldd 2>/dev/null |
  grep -v "^$files" | sort -u)
if grep -q "not found" <<<"$linked"; then
  echo "build_deb: libraries missing on this machine:" >&2
  grep "not found" <<<"$linked" | sort -u >&2
  exit 1
fi
system_libs=$(awk '$2 == "=>" && $3 ~ /^\// {print $3}' <<<"$linked" | grep -v "^$files" | sort -u)
packages=$(for lib in $system_libs; do
  real=$(readlink -f "$lib")
  for candidate in "$lib" "$real" "${real#/usr}" "/usr$real"; do
    dpkg -S "$candidate" 2>/dev/null && break
  done
done | cut -d: -f1 | sort -u | grep -vx libc6)
glibc=$(printf '%s\n' "$elves" | xargs -d '\n' grep -aoh 'GLIBC_2\.[0-9]*' | sort -uV | tail -1)
glibc=${glibc#GLIBC_}
# Han characters need a CJK font; UOS and Kylin ship their own, so any of these will do.
depends="libc6 (>= $glibc), $(paste -sd, <<<"$packages" | sed 's/,/, /g'),"
depends+=" fonts-wqy-microhei | fonts-wqy-zenhei | fonts-noto-cjk"

cat > "$root/DEBIAN/control" <<EOF
Package: $APPID
Version: $VERSION
Architecture: $ARCH
Maintainer: SchoolRoll <release@schoolroll.invalid>
Installed-Size: $(du -sk --exclude=DEBIAN "$root" | cut -f1)
Depends: $depends
Section: utils
Priority: optional
Description: 控辍保学台账助手
 校验、合并、汇总学校和县区的控辍保学月报台账（Excel 工作簿）。
 图形界面在应用菜单里；命令行为 schoolroll（如 schoolroll validate 收件箱）。
 需要 glibc $glibc 或更新（统信 UOS 20、银河麒麟 V10 不满足，见安装说明）。
EOF

(cd "$root" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z | xargs -0 md5sum) \
  > "$root/DEBIAN/md5sums"

mkdir -p "$OUT"
deb="$OUT/${APPID}_${VERSION}_${ARCH}.deb"
dpkg-deb --root-owner-group -Z"${DEB_COMPRESSION:-xz}" --build "$root" "$deb" >/dev/null
echo "build_deb: $deb, $(du -m "$deb" | cut -f1) MB, glibc >= $glibc, $(($(date +%s) - t0)) s"
echo "build_deb: Depends: $depends"
