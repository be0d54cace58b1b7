#!/usr/bin/env bash
# Make the project runnable on a fresh machine: system packages (when root on Debian/Ubuntu),
# a virtual environment in .venv, and the project installed into it with its dev extras.
set -euo pipefail
cd "$(dirname "$0")/.."

SYSTEM_PACKAGES=(
  postgresql          # multi-station tests run a real throwaway cluster
  fonts-wqy-microhei  # a TrueType CJK font for reportlab and Qt
  xvfb                # real windows for screenshots
  libpulse0           # QtMultimedia does not import on Linux without it
  poppler-utils       # pdftoppm: tests read rendered PDFs back as images
  cups cups-bsd       # a local raw queue for the CUPS transport test
  libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 libxcb-image0 libxcb-render-util0
  libxkbcommon-x11-0 libxcb-xinerama0 libxcb-randr0 libxcb-shape0 libxcb-xkb1 libxcb-xfixes0
                      # Qt's xcb platform: real windows under Xvfb (screenshots, manual runs)
  libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3  # Qt's offscreen platform
)

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for pkg in "${SYSTEM_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing system packages: ${missing[*]}" >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
  else
    echo "note: missing system packages (install them for the full suite): ${missing[*]}" >&2
  fi
fi

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
stamp=".venv/.installed-$(sha1sum pyproject.toml | cut -c1-12)"
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install -q -U pip >&2
  .venv/bin/python -m pip install -q -e ".[dev]" >&2
  rm -f .venv/.installed-*
  touch "$stamp"
fi
