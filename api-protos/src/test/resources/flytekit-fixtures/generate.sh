#!/usr/bin/env bash
# Regenerates the flytekit wire-compatibility fixtures (*.pb, MANIFEST.txt) in
# this directory using the exact toolchain pinned in requirements.txt.
#
# Needs: python3 (3.10-3.12, flytekit 1.16.x's supported range) with the venv
# module, and access to PyPI on the first run. No Docker, no other network.
#
# Environment:
#   ALOFT_TOOLS_DIR  cache root for the virtualenv (default: ~/.cache/aloft)
#   PYTHON           interpreter to build the venv from (default: python3)
#
# Determinism: repeated runs produce byte-identical files, also across
# PYTHONHASHSEED values, checkout locations and Python 3.10/3.11/3.12 (checked
# when the fixtures were introduced). Inputs that would otherwise vary, and how
# they are held still:
#   - image, project/domain/version, interpreter path: fixed in
#     generate_fixtures.py's SerializationSettings;
#   - task/module names: derived from the file name generate_fixtures.py
#     (FLYTE_PYTHON_PACKAGE_ROOT="." stops flytekit walking parent packages);
#   - map ordering: written with deterministic=True (sorted map keys). The
#     default upb runtime emits map entries in a per-process random order, so a
#     plain SerializeToString() of these messages is NOT stable in Python;
#   - flytekit's RuntimeMetadata.version and the dataclass JSON schema: tied
#     to the pinned flytekit / mashumaro versions.
# Nothing is known to remain non-deterministic.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
python="${PYTHON:-python3}"
tools_dir="${ALOFT_TOOLS_DIR:-$HOME/.cache/aloft}"
venv="$tools_dir/venv-fixtures"

die() {
  echo "generate.sh: error: $*" >&2
  exit 1
}

command -v "$python" >/dev/null 2>&1 ||
  die "'$python' not found. Install Python 3.10-3.12 (e.g. 'apt-get install python3 python3-venv'), or point PYTHON at one."

"$python" - <<'EOF' || die "'$python' is not Python 3.10-3.12 (flytekit 1.16.x does not support other versions). Set PYTHON=python3.11 (or similar)."
import sys
sys.exit(0 if (3, 10) <= sys.version_info[:2] <= (3, 12) else 1)
EOF

# Debian/Ubuntu ship 'venv' without 'ensurepip' unless python3-venv is
# installed, and venv creation then fails half-way; check both up front.
"$python" -c 'import venv, ensurepip' >/dev/null 2>&1 ||
  die "the Python 'venv' module (with ensurepip) is missing for '$python'. Install it, e.g. 'apt-get install python3-venv' (or python3.X-venv matching your version)."

# The venv is reused only if it was built from this exact requirements.txt by
# this exact interpreter; otherwise it is rebuilt from scratch so stale
# packages can never leak into the fixtures.
# (hashlib rather than sha256sum, which macOS lacks)
stamp_value="$("$python" -c 'import hashlib, sys; print(hashlib.sha256(open(sys.argv[1], "rb").read() + sys.version.encode()).hexdigest())' "$here/requirements.txt")"
stamp_file="$venv/.aloft-requirements.sha256"

if [[ ! -f "$stamp_file" || "$(cat "$stamp_file")" != "$stamp_value" ]]; then
  echo "generate.sh: building virtualenv in $venv" >&2
  rm -rf "$venv"
  mkdir -p "$tools_dir"
  "$python" -m venv "$venv" || die "could not create a virtualenv at $venv."
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input \
    -r "$here/requirements.txt" ||
    die "pip could not install requirements.txt (is PyPI reachable?)."
  # Written last, so an interrupted install is rebuilt next time.
  echo "$stamp_value" >"$stamp_file"
else
  echo "generate.sh: reusing virtualenv in $venv" >&2
fi

# Generate into a scratch directory and only then replace the committed files,
# so a failure never leaves a half-updated fixture set behind.
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

# Keep the caller's Flyte configuration and Python setup out of the run: any
# FLYTE_* variable, a flytectl config or PYTHONPATH could alter serialization.
unset_flyte=()
for name in $(compgen -e); do
  [[ "$name" == FLYTE* ]] && unset_flyte+=("-u" "$name")
done

(
  cd "$here"
  env ${unset_flyte[@]+"${unset_flyte[@]}"} -u PYTHONPATH -u PYTHONSTARTUP \
    FLYTE_PYTHON_PACKAGE_ROOT="." PYTHONHASHSEED=0 PYTHONDONTWRITEBYTECODE=1 \
    "$venv/bin/python" generate_fixtures.py "$out"
) || die "generate_fixtures.py failed; the committed fixtures were left untouched."

cp "$out"/*.pb "$out/MANIFEST.txt" "$here/"
echo "generate.sh: fixtures written to $here" >&2
