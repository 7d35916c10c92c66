#!/usr/bin/env bash
# Regenerates the dynamic-futures fixtures (one directory per case, see README.md): runs each @dynamic task of
# dynamic_tasks.py through flytekit's pod entrypoint and keeps the futures.pb it writes. Uses the real flytekit
# pinned in the api-protos fixture generator's requirements.txt and the same cached venv.
#
# Usage:
#   ./generate.sh          regenerate and replace the case directories here
#   ./generate.sh --check  regenerate into a scratch directory and fail if anything differs (nothing is written)
#
# Needs: python3 (3.10-3.12) with the venv module, and access to PyPI when the venv has to be (re)built.
#
# Determinism: flytekit writes futures.pb with its map entries (interface variables) in the protobuf runtime's
# hash order, which changes from process to process; generate_futures.py stores the same message with sorted map
# entries (checking nothing else changed). Everything else is as flytekit wrote it. Repeated runs, other checkout
# paths, other PYTHONHASHSEED values and other environment sizes give identical bytes.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$here/../../../../../.."
requirements="$root/api-protos/src/test/resources/flytekit-fixtures/requirements.txt"

die() {
  echo "generate.sh: error: $*" >&2
  exit 1
}

mode=write
case "${1:-}" in
  "") ;;
  --check) mode=check ;;
  *) die "unknown argument '$1' (usage: generate.sh [--check])" ;;
esac
[[ -f "$requirements" ]] || die "pinned requirements not found at $requirements."

venv_python="$("$root/scripts/flytekit-venv.sh" "$requirements")"

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

# Keep the caller's Flyte configuration and Python setup out of the run.
unset_flyte=()
for name in $(compgen -e); do
  [[ "$name" == FLYTE* || "$name" == _F_* ]] && unset_flyte+=("-u" "$name")
done

run_py() {
  (
    cd "$here"
    env ${unset_flyte[@]+"${unset_flyte[@]}"} -u PYTHONSTARTUP \
      PYTHONPATH="$root/scripts:$root/propeller/compiler/src/test/resources/flytekit-workflows" \
      FLYTE_PYTHON_PACKAGE_ROOT="." PYTHONHASHSEED=0 PYTHONDONTWRITEBYTECODE=1 \
      "$venv_python" generate_futures.py "$@"
  )
}

run_py "$out/cases" || die "generate_futures.py failed; the committed fixtures were left untouched."

if [[ "$mode" == check ]]; then
  diff -r "$out/cases" "$here" -x '*.py' -x '*.sh' -x README.md -x __pycache__ >&2 ||
    die "committed fixtures are out of date; run ./generate.sh and review the MANIFEST.txt diffs."
  echo "generate.sh: committed fixtures are up to date" >&2
  exit 0
fi

for d in "$here"/*/; do
  [[ -f "$d/MANIFEST.txt" ]] && rm -rf "$d"
done
cp -R "$out/cases/." "$here/"
run_py --verify "$here" || die "verification of $here failed."
echo "generate.sh: fixtures written to $here" >&2
