#!/usr/bin/env bash
# `make dist-test`: runs the self-test of the built bundle offscreen; its exit code is ours.
set -uo pipefail
cd "$(dirname "$0")/.."

exe=dist/runlift/runlift-gui
case "$(uname -s)" in
    MINGW* | MSYS* | CYGWIN*) exe=dist/runlift/runlift-gui.exe ;;
esac
if [ ! -x "$exe" ]; then
    echo "dist_test.sh: $exe not found; run 'make dist' first" >&2
    exit 1
fi

export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}
start=$(date +%s.%N)
"$exe" --self-test
code=$?
end=$(date +%s.%N)
printf 'dist_test.sh: self-test exited %d after %.2f s (bundle %s)\n' \
    "$code" "$(awk -v s="$start" -v e="$end" 'BEGIN { print e - s }')" \
    "$(du -sh dist/runlift | cut -f1)"
exit "$code"
