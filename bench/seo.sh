#!/usr/bin/env bash
# Lighthouse's SEO audits on every kind of public page of a running journal, in Debian's
# chromium: front pages of both editions, an article, a section, a tag, an author, the archive
# and a month of it, and search results. Installs lighthouse from npm into bench/out/lighthouse
# the first time (not part of `make test`: it is a large tool, run when the heads change).
#   bash bench/seo.sh http://127.0.0.1:8080
# Prints each page's SEO score and every audit that did not pass; exits 1 when one did not.
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:?usage: bench/seo.sh BASE_URL}
tools=$PWD/bench/out/lighthouse
bash scripts/deps.sh --browser
if [ ! -x "$tools/node_modules/.bin/lighthouse" ]; then
  mkdir -p "$tools"
  npm install --prefix "$tools" --no-audit --no-fund --loglevel=error lighthouse@12 >/dev/null
fi
home=$(curl -sf "$base/en/")
article=$(grep -o 'href="/en/[a-z0-9-]*-[0-9]*\.html"' <<<"$home" | head -1 | sed 's/^href="\(.*\)"$/\1/')
page=$(curl -sf "$base$article")
first() { grep -o "href=\"/en/$1/[^\"]*\"" <<<"$page" | head -1 | sed 's/^href="\(.*\)"$/\1/'; }
month=$(curl -sf "$base/en/archive/" | grep -o 'href="/en/archive/[0-9]*/[0-9]*"' | head -1 |
  sed 's/^href="\(.*\)"$/\1/')
failed=0
for path in / /en/ "$article" "$(first section)" "$(first tag)" "$(first author)" /en/archive/ \
  "$month" "/en/search?q=training" "/search?q=dien+bien+phu"; do
  CHROME_PATH=/usr/bin/chromium timeout 300 "$tools/node_modules/.bin/lighthouse" "$base$path" \
    --only-categories=seo --output=json --output-path="$tools/report.json" --quiet \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu" >/dev/null 2>&1
  node -e '
    const r = require(process.argv[1]);
    const seo = r.categories.seo;
    const misses = seo.auditRefs.map(a => r.audits[a.id])
      .filter(a => a.score !== null && a.score < 1).map(a => a.id);
    console.log(`${(seo.score * 100).toFixed(0).padStart(3)}  ${process.argv[2]}` +
                (misses.length ? `  (not passed: ${misses.join(", ")})` : ""));
    process.exit(misses.length ? 1 : 0);' "$tools/report.json" "$path" || failed=1
done
exit $failed
