#!/usr/bin/env bash
# Install the programs contractkit runs (Debian/Ubuntu). Idempotent: does nothing when all are
# present. Uses sudo when not root.
set -euo pipefail

# unpaper and pngquant are OCRmyPDF's optional helpers; python3-venv makes the .venv;
# fonts-dejavu-core gives generated PDFs a Unicode font (Times is the fallback).
packages=(tesseract-ocr tesseract-ocr-eng tesseract-ocr-osd ghostscript unpaper pngquant qpdf
          poppler-utils python3-venv fonts-dejavu-core)
missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-system-deps: no apt-get here; install these yourself: ${missing[*]}" >&2
  exit 1
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "install-system-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
