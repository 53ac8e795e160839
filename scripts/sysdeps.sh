#!/usr/bin/env bash
# Installs the Debian packages kpiplan needs when they are missing (idempotent; quiet when all are there).
#   libpango / libpangoft2   WeasyPrint's text layout
#   poppler-utils            pdftotext / pdftoppm, used by tests and to look at printed forms
#   chromium                 the real-browser tests (Playwright drives Debian's chromium; no browser download)
#   fonts-thai-tlwg          Thai fallback fonts for the browser (the app ships Sarabun itself)
#   gettext                  compiling translations
set -eu
packages=(libpango-1.0-0 libpangoft2-1.0-0 poppler-utils chromium fonts-thai-tlwg gettext)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing system packages: ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then SUDO="sudo"; else
    echo "Missing packages (${missing[*]}) and not root: install them with apt-get as root." >&2; exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
