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

die() {
  echo "generate.sh: error: $*" >&2
  exit 1
}

# The pinned flytekit toolchain, in the venv both fixture generators share (scripts/flytekit-venv.sh).
venv_python="$("$here/../../../../../scripts/flytekit-venv.sh" "$here/requirements.txt")"

# Generate into a scratch directory and only then replace the committed files,
# so a failure never leaves a half-updated fixture set behind.
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

# Keep the caller's Flyte configuration and Python setup out of the run: any
# FLYTE_* variable, a flytectl config or PYTHONPATH could alter serialization
# (PYTHONPATH is set to just scripts/, for the shared fixture_protos module).
unset_flyte=()
for name in $(compgen -e); do
  [[ "$name" == FLYTE* ]] && unset_flyte+=("-u" "$name")
done

(
  cd "$here"
  env ${unset_flyte[@]+"${unset_flyte[@]}"} -u PYTHONSTARTUP PYTHONPATH="$here/../../../../../scripts" \
    FLYTE_PYTHON_PACKAGE_ROOT="." PYTHONHASHSEED=0 PYTHONDONTWRITEBYTECODE=1 \
    "$venv_python" generate_fixtures.py "$out"
) || die "generate_fixtures.py failed; the committed fixtures were left untouched."

cp "$out"/*.pb "$out/MANIFEST.txt" "$here/"
echo "generate.sh: fixtures written to $here" >&2
