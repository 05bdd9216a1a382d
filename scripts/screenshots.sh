#!/usr/bin/env bash
# npm run screenshots: the browser test of the demo's report page (test/browser/demo-page.test.ts) with
# COSTGUARD_SCREENSHOTS=1 photographs the page it checked and keeps the demo's terminal output: it
# writes docs/screenshots/report-top.png, report-full.png and demo-output.txt. Needs Debian's chromium
# (apt-get install chromium), or CHROMIUM_PATH.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
COSTGUARD_SCREENSHOTS=1 COSTGUARD_REQUIRE_BROWSER=1 npx vitest run test/browser/demo-page.test.ts
ls -la docs/screenshots
