#!/usr/bin/env bash
# Renders the issue's acceptance report with headless Chromium to a PNG
# (1280 px wide) and a PDF, and checks them: the HTML fetches nothing, the
# PNG is not blank, the PDF has a sensible page count on A4 or Letter paper
# and carries the report's text; with node, axe-core finds no WCAG 2.1 AA
# violation and the page makes no request. Installs chromium and poppler-utils
# (pdfinfo, pdftotext) from Debian when missing.
#   bash scripts/report-render-check.sh [OUTDIR]   (default: a temp dir)
#   UPDATE_SCREENSHOT=1 ... also refreshes docs/report.png for the README
set -euo pipefail
cd "$(dirname "$0")/.."
export CGO_CFLAGS="${CGO_CFLAGS:--Wno-deprecated-declarations}"

need() { # command package
  command -v "$1" >/dev/null && return
  (apt-get update -qq && apt-get install -y -qq "$2") >/dev/null
}
need chromium chromium
need pdfinfo poppler-utils
need pdftotext poppler-utils

out="${1:-$(mktemp -d)}"
mkdir -p "$out"
bin="$out/fitcheck"
go build -o "$bin" .

cat >"$out/policy.yaml" <<'POLICY'
name: No CN origin, commercial use
block_origins: [CN]
require_commercial: true
flag_conditions: [monthly active users]
POLICY

SOURCE_DATE_EPOCH=1767225600 "$bin" report --option "RTX 4090,64GiB" --option "2x L40S,256GiB" \
  --model gpt-oss-20b --model Qwen3-32B --model Llama-3.3-70B-Instruct \
  --policy "$out/policy.yaml" -o "$out/r.html"
echo "report: $out/r.html ($(wc -c <"$out/r.html") bytes)"

# Nothing in the page may make a browser fetch anything.
if grep -Eiq '<script|<link|<img|<iframe|[^-]src=|@import|url\(|@font-face' "$out/r.html"; then
  echo "FAIL: the report references something to fetch" >&2
  exit 1
fi

# Chromium with every host unresolvable: a request would fail, not leak.
chrome=(chromium --headless=new --no-sandbox --disable-gpu --hide-scrollbars --no-first-run
  --disable-background-networking --host-resolver-rules="MAP * ~NOTFOUND")
"${chrome[@]}" --window-size=1280,2000 --screenshot="$out/r.png" "file://$out/r.html" 2>/dev/null
"${chrome[@]}" --no-pdf-header-footer --print-to-pdf="$out/r.pdf" "file://$out/r.html" 2>/dev/null

python3 - "$out/r.png" <<'PY'
# Decode the PNG with the standard library and require real content: a
# blank page is (nearly) one colour.
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat, w = 8, b"", 0
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR":
        w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
        assert depth == 8 and ctype in (2, 6), "unexpected PNG format"
        bpp = 3 if ctype == 2 else 4
    elif kind == b"IDAT":
        idat += body
    pos += 12 + n
raw, stride = zlib.decompress(idat), w * bpp
prev, dark, colours = bytearray(stride), 0, set()
for y in range(h):
    f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0
        b, c = prev[i], prev[i - bpp] if i >= bpp else 0
        if f == 1: line[i] = (line[i] + a) & 255
        elif f == 2: line[i] = (line[i] + b) & 255
        elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    for x in range(0, stride, bpp * 7):
        px = tuple(line[x:x + 3]); colours.add(px)
        dark += sum(px) < 300
    prev = line
share = dark / (h * w / 7)
print(f"png: {w}x{h}, {len(colours)} colours sampled, {share:.1%} dark pixels")
assert w == 1280, f"width {w}, want 1280"
assert len(colours) > 20 and 0.003 < share < 0.5, "the screenshot looks blank"
PY

# pdf_check FILE SIZE-GLOB: a sensible page count on the expected paper,
# and the report's text in it.
pdf_check() {
  local pdf=$1 want=$2 pages size text
  pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
  size=$(pdfinfo "$pdf" | awk -F': *' '/^Page size:/ {print $2}')
  echo "pdf: $(basename "$pdf"): $pages pages, $size"
  if [ "$pages" -lt 2 ] || [ "$pages" -gt 12 ]; then
    echo "FAIL: $pages pages for 3 models on 2 options" >&2
    exit 1
  fi
  # shellcheck disable=SC2053
  if [[ "$size" != $want ]]; then
    echo "FAIL: page size $size, want $want" >&2
    exit 1
  fi
  text=$(pdftotext -layout "$pdf" -)
  for t in "gpt-oss-20b" "Qwen3 32B" "Llama 3.3 70B Instruct" "origin CN is blocked" "fitcheck version"; do
    if ! grep -qF "$t" <<<"$text"; then
      echo "FAIL: $(basename "$pdf") lacks \"$t\"" >&2
      exit 1
    fi
  done
}
pdf_check "$out/r.pdf" '612 x 792*'   # Letter, chromium's default

# Accessibility (axe-core, WCAG 2.1 AA) and a live check that the page
# requests nothing, when node and npm are there (pinned versions).
if command -v node >/dev/null && command -v npm >/dev/null; then
  mods="$out/node"
  mkdir -p "$mods"
  (cd "$mods" && npm install --silent --no-audit --no-fund --prefix . axe-core@4.14.1 puppeteer-core@25.16.0 >/dev/null)
  NODE_PATH="$mods/node_modules" node scripts/report-a11y.mjs "$out/r.html" "$out/r-a4.pdf"
  pdf_check "$out/r-a4.pdf" '595*x 84[12]*'   # A4
else
  echo "a11y: skipped (no node/npm)"
fi

if [ "${UPDATE_SCREENSHOT:-}" = 1 ]; then
  "${chrome[@]}" --window-size=1280,1060 --force-device-scale-factor=0.75 \
    --screenshot="docs/report.png" "file://$out/r.html" 2>/dev/null
  echo "docs/report.png: $(wc -c <docs/report.png) bytes"
fi
echo "report render check: ok ($out)"
