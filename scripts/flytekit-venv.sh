#!/usr/bin/env bash
# Makes (or reuses) the cached virtualenv with the pinned flytekit toolchain and prints its python's path.
# Used by every script that runs the real flytekit: the fixture generators now, the local sandbox later.
#
# Usage: scripts/flytekit-venv.sh REQUIREMENTS_TXT [VENV_NAME]   (VENV_NAME default: venv-fixtures)
# Env:   PYTHON (interpreter to build from, default python3), ALOFT_TOOLS_DIR (cache root, default ~/.cache/aloft)
#
# The venv is reused only if it was built from this exact requirements file by this exact interpreter;
# otherwise it is rebuilt from scratch. Fails loudly, with the fix, when Python or its venv module is missing.
set -euo pipefail
die() { echo "flytekit-venv: error: $*" >&2; exit 1; }
[[ $# -ge 1 && -f "$1" ]] || die "usage: $0 REQUIREMENTS_TXT [VENV_NAME] (requirements file not found: ${1:-none})"
requirements="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
python="${PYTHON:-python3}"
tools_dir="${ALOFT_TOOLS_DIR:-$HOME/.cache/aloft}"
venv="$tools_dir/${2:-venv-fixtures}"

command -v "$python" >/dev/null 2>&1 ||
  die "'$python' not found. Install Python 3.10-3.12 (e.g. 'apt-get install python3 python3-venv'), or point PYTHON at one."
"$python" - <<'PY' || die "'$python' is not Python 3.10-3.12 (flytekit 1.16.x does not support other versions). Set PYTHON=python3.11 (or similar)."
import sys
sys.exit(0 if (3, 10) <= sys.version_info[:2] <= (3, 12) else 1)
PY
# Debian/Ubuntu ship 'venv' without 'ensurepip' unless python3-venv is installed, and venv creation then fails
# half-way; check both up front.
"$python" -c 'import venv, ensurepip' >/dev/null 2>&1 ||
  die "the Python 'venv' module (with ensurepip) is missing for '$python'. Install it, e.g. 'apt-get install python3-venv' (or python3.X-venv matching your version)."

stamp_value="$("$python" -c 'import hashlib, sys; print(hashlib.sha256(open(sys.argv[1], "rb").read() + sys.version.encode()).hexdigest())' "$requirements")"
stamp_file="$venv/.aloft-requirements.sha256"
if [[ ! -f "$stamp_file" || "$(cat "$stamp_file")" != "$stamp_value" ]]; then
  echo "flytekit-venv: building virtualenv in $venv" >&2
  rm -rf "$venv"
  mkdir -p "$tools_dir"
  "$python" -m venv "$venv" || die "could not create a virtualenv at $venv."
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input -r "$requirements" ||
    die "pip could not install $requirements (is PyPI reachable?)."
  echo "$stamp_value" >"$stamp_file"
else
  echo "flytekit-venv: reusing virtualenv in $venv" >&2
fi
echo "$venv/bin/python"
