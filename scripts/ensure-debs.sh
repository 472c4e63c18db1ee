#!/usr/bin/env bash
# Install the Debian packages named as arguments when some are missing: as root, `apt-get update`
# once, then `apt-get install -y`. Not root (or not Debian): say what is missing and go on.
set -euo pipefail

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
    echo "== Debian packages: no dpkg/apt here; make sure these are installed: $* =="
    exit 0
fi

missing=()
for pkg in "$@"; do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    [[ $status == "install ok installed" ]] || missing+=("$pkg")
done

if ((${#missing[@]} == 0)); then
    echo "== Debian packages: all present ($*) =="
    exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
    echo "== Debian packages: missing ${missing[*]}; not root, so not installing them =="
    echo "   Tests that need them may fail or skip. Install with:"
    echo "   sudo apt-get update && sudo apt-get install -y ${missing[*]}"
    exit 0
fi

echo "== apt-get install ${missing[*]} =="
export DEBIAN_FRONTEND=noninteractive
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# Quiet unless it fails: then show everything apt and dpkg said.
if ! { apt-get update -qq && apt-get install -y -qq "${missing[@]}"; } >"$log" 2>&1; then
    cat "$log" >&2
    echo "ERROR: apt-get install ${missing[*]} failed." >&2
    exit 1
fi
echo "installed ${missing[*]}"
