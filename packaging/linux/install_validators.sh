#!/usr/bin/env bash
# Installs the desktop-entry and AppStream validators and the MIME database tool (Debian
# packages) when they are missing, so the packaging checks pass on a clean CI machine too.
set -euo pipefail

need=()
command -v desktop-file-validate >/dev/null 2>&1 || need+=(desktop-file-utils)
command -v appstreamcli >/dev/null 2>&1 || need+=(appstream)
command -v update-mime-database >/dev/null 2>&1 || need+=(shared-mime-info)
[ ${#need[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
    echo "install ${need[*]} with your package manager (apt-get is not available here)" >&2
    exit 1
fi
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
    sudo_cmd=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq >&2
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
