#!/usr/bin/env bash
# `make install-desktop`: adds RunLift to the current user's application menu (no root needed).
#
#   bash packaging/install_desktop.sh [LAUNCHER]   install; LAUNCHER is the runlift-gui to start
#   bash packaging/install_desktop.sh --uninstall  remove what an install added
#
# Without LAUNCHER it takes, in order: $RUNLIFT_GUI, the built bundle (dist/runlift/runlift-gui),
# the checkout's virtualenv (.venv/bin/runlift-gui), then runlift-gui on PATH. Files go under
# $XDG_DATA_HOME (default ~/.local/share): applications/, metainfo/, mime/ and icons/hicolor/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
app_id=io.github.runlift.RunLift
data=${XDG_DATA_HOME:-$HOME/.local/share}
sizes=(16 24 32 48 64 128 256 512)

installed_files() {
    echo "$data/applications/$app_id.desktop"
    echo "$data/metainfo/$app_id.metainfo.xml"
    echo "$data/mime/packages/$app_id.xml"
    echo "$data/icons/hicolor/scalable/apps/$app_id.svg"
    for size in "${sizes[@]}"; do
        echo "$data/icons/hicolor/${size}x${size}/apps/$app_id.png"
    done
}

refresh_caches() {
    # Menus, file types and icons show up at once with fresh caches; the tools are optional.
    if command -v update-mime-database >/dev/null 2>&1 && [ -d "$data/mime/packages" ]; then
        update-mime-database "$data/mime" >/dev/null 2>&1 || true
    fi
    if command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database -q "$data/applications" || true
    fi
    if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$data/icons/hicolor/index.theme" ]; then
        gtk-update-icon-cache -q -t "$data/icons/hicolor" || true
    fi
}

find_launcher() {
    local candidate
    for candidate in "${1:-}" "${RUNLIFT_GUI:-}" "$root/dist/runlift/runlift-gui" \
        "$root/.venv/bin/runlift-gui" "$(command -v runlift-gui || true)"; do
        if [ -n "$candidate" ] && [ -x "$candidate" ]; then
            (cd "$(dirname "$candidate")" && echo "$(pwd)/$(basename "$candidate")")
            return 0
        fi
    done
    echo "install_desktop.sh: no runlift-gui found; run 'make dist' (or 'make run') first," \
        "or give the launcher's path" >&2
    return 1
}

if [ "${1:-}" = "--uninstall" ]; then
    installed_files | xargs rm -f
    refresh_caches
    echo "removed RunLift's menu entry, file type, metainfo and icons from $data"
    exit 0
fi

launcher=$(find_launcher "${1:-}")
exec_value=$launcher
case "$launcher" in
    *[[:space:]]*) exec_value="\"$launcher\"" ;;  # the Exec key quotes paths with spaces
esac

mkdir -p "$data/applications" "$data/metainfo" "$data/mime/packages" \
    "$data/icons/hicolor/scalable/apps"
sed -e "s|^Exec=runlift-gui|Exec=$exec_value|" -e "/^Exec=/a TryExec=$launcher" \
    "$root/packaging/linux/$app_id.desktop" >"$data/applications/$app_id.desktop"
install -m 644 "$root/packaging/linux/$app_id.metainfo.xml" "$data/metainfo/"
install -m 644 "$root/packaging/linux/$app_id.mime.xml" "$data/mime/packages/$app_id.xml"
install -m 644 "$root/resources/icons/runlift.svg" "$data/icons/hicolor/scalable/apps/$app_id.svg"
for size in "${sizes[@]}"; do
    mkdir -p "$data/icons/hicolor/${size}x${size}/apps"
    install -m 644 "$root/resources/icons/runlift-$size.png" \
        "$data/icons/hicolor/${size}x${size}/apps/$app_id.png"
done
refresh_caches
echo "installed RunLift into the application menu: $data/applications/$app_id.desktop"
echo "it starts $launcher"
