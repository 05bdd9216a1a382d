#!/usr/bin/env bash
# npm run screenshots: runs the demo in a temp folder and photographs its HTML report with headless
# Chromium (Debian: apt-get install chromium). Writes docs/screenshots/report-*.png.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
browser="$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)"
if [ -z "$browser" ]; then
  echo "screenshots: no chromium found (apt-get install chromium)" >&2
  exit 1
fi
(cd "$work" && node "$root/bin/costguard.js" demo --html "$work/report.html" --db "$work/demo.duckdb" > "$work/demo.txt")
mkdir -p "$root/docs/screenshots"
shot() { # name height
  "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
    --window-size=1000,"$2" --screenshot="$root/docs/screenshots/$1.png" "file://$work/report.html" 2>/dev/null
}
shot report-full 6400
shot report-top 1100
cp "$work/demo.txt" "$root/docs/screenshots/demo-output.txt"
ls -la "$root/docs/screenshots"
