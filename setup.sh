#!/usr/bin/env bash
# setup.sh: install what is missing, build, and run coroscope or its tests.
#   bash setup.sh         install, build build/, run the main job
#   bash setup.sh test    install, build build/, run every test (ctest)
# Works on a fresh Debian 12 or Ubuntu machine, as root or through sudo.
set -euo pipefail
cd "$(dirname "$0")"

mode=${1:-run}
packages=(build-essential cmake pkg-config libcmocka-dev libsdl2-dev
          libsdl2-ttf-dev libsdl2-image-dev libfontconfig-dev fontconfig
          fonts-dejavu-core fonts-noto-cjk python3 xvfb xauth xdotool)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup.sh: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

werror=OFF
[ -n "${CI:-}" ] && werror=ON
cmake -S . -B build -DCOROSCOPE_WERROR="$werror" >/dev/null
cmake --build build -j"$(nproc)"

case "$mode" in
  run)  exec build/coroscope ;;
  test) ctest --test-dir build --output-on-failure -j"$(nproc)" ;;
  *)    echo "usage: bash setup.sh [run|test]" >&2; exit 2 ;;
esac
