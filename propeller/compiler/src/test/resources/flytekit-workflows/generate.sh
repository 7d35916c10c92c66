#!/usr/bin/env bash
# Regenerates the workflow-compiler golden inputs (one directory per case, see
# README.md) from workflows.py, using the real flytekit pinned in the
# api-protos fixture generator's requirements.txt and the same cached venv.
#
# Usage:
#   ./generate.sh          regenerate and replace the case files in this directory
#   ./generate.sh --check  regenerate into a scratch directory and fail if anything
#                          differs from the committed files (nothing is written here)
#
# Needs: python3 (3.10-3.12) with the venv module, and access to PyPI when the
# venv has to be (re)built. No Docker, no other network.
#
# Environment:
#   ALOFT_TOOLS_DIR  cache root for the virtualenv (default: ~/.cache/aloft)
#   PYTHON           interpreter to build the venv from (default: python3)
#
# Determinism: repeated runs produce byte-identical files, also across
# PYTHONHASHSEED values, checkout locations and environment sizes (checked when
# the fixtures were introduced, with Python 3.11). Besides what the api-protos
# generate.sh lists (fixed settings, module-derived names, deterministic=True
# map order, pinned versions):
#   - upstream_node_ids order: flytekit computes it as list(set(nodes)) with
#     nodes hashed by memory address, so it changes from run to run;
#     generate_workflows.py pins Node.__hash__ to a hash of the node id
#     (_pin_node_hash explains why that is faithful);
#   - the dynamic task's _F_SS_C env var is gzip (mtime=0) + base64 of the
#     serialization settings; its bytes depend on the deflate implementation
#     Python is linked against (zlib 1.2.13 when generated; zlib-ng, for one,
#     compresses differently).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# One pinned toolchain for all flytekit fixtures in the repository.
requirements="$here/../../../../../../api-protos/src/test/resources/flytekit-fixtures/requirements.txt"

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

[[ -f "$requirements" ]] ||
  die "pinned requirements not found at $requirements (this script expects the api-protos module next to propeller/)."
requirements="$(cd "$(dirname "$requirements")" && pwd)/requirements.txt"

# The pinned flytekit toolchain, in the venv both fixture generators share (scripts/flytekit-venv.sh).
venv_python="$("$here/../../../../../../scripts/flytekit-venv.sh" "$requirements")"

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

# Keep the caller's Flyte configuration and Python setup out of the run.
unset_flyte=()
for name in $(compgen -e); do
  [[ "$name" == FLYTE* ]] && unset_flyte+=("-u" "$name")
done

run_py() {
  (
    cd "$here"
    env ${unset_flyte[@]+"${unset_flyte[@]}"} -u PYTHONSTARTUP PYTHONPATH="$here/../../../../../../scripts" \
      FLYTE_PYTHON_PACKAGE_ROOT="." PYTHONHASHSEED=0 PYTHONDONTWRITEBYTECODE=1 \
      "$venv_python" generate_workflows.py "$@"
  )
}

start=$SECONDS
# Generates every case and verifies it (parse as the declared type, identical
# bytes on re-serialization, no unknown fields) before anything is touched here.
run_py "$out/cases" || die "generate_workflows.py failed; the committed fixtures were left untouched."

cases=()
for d in "$out/cases"/*/; do
  cases+=("$(basename "$d")")
done
[[ ${#cases[@]} -gt 0 ]] || die "no cases were generated."

# Files a case directory may hold that this script does not produce (written
# next to the inputs by the Flyte-compiler oracle, all named expected-*:
# expected-closure.pb, expected-errors.txt, expected-flyteworkflow.json,
# expected-flyteworkflow-inputs.pb); never touched here.
is_foreign() { [[ "$1" == expected-* ]]; }

# The generated part of a case directory, as a sorted file list.
generated_files() {
  (cd "$1" && find . -type f | sed 's|^\./||' | while read -r f; do
    is_foreign "$(basename "$f")" || echo "$f"
  done | LC_ALL=C sort)
}

if [[ "$mode" == check ]]; then
  status=0
  for c in "${cases[@]}"; do
    if [[ ! -d "$here/$c" ]]; then
      echo "generate.sh: case '$c' is not committed" >&2
      status=1
      continue
    fi
    if [[ "$(generated_files "$out/cases/$c")" != "$(generated_files "$here/$c")" ]]; then
      echo "generate.sh: case '$c': file lists differ" >&2
      status=1
      continue
    fi
    while read -r f; do
      cmp -s "$out/cases/$c/$f" "$here/$c/$f" || {
        echo "generate.sh: case '$c': $f differs" >&2
        status=1
      }
    done < <(generated_files "$out/cases/$c")
  done
  for d in "$here"/*/; do
    c="$(basename "$d")"
    if [[ -f "$d/MANIFEST.txt" && ! -d "$out/cases/$c" ]]; then
      echo "generate.sh: committed case '$c' is no longer generated" >&2
      status=1
    fi
  done
  [[ $status -eq 0 ]] || die "committed fixtures are out of date; run ./generate.sh and review the MANIFEST.txt diffs."
  echo "generate.sh: committed fixtures are up to date (${#cases[@]} cases, $((SECONDS - start)) s)" >&2
  exit 0
fi

# Replace only the generated part of each case directory.
for c in "${cases[@]}"; do
  dest="$here/$c"
  mkdir -p "$dest"
  rm -rf "$dest/tasks" "$dest/launch_plans" "$dest/workflow.pb" "$dest/MANIFEST.txt"
  cp -R "$out/cases/$c/." "$dest/"
done

# Cases that workflows.py no longer defines: drop their generated files.
for d in "$here"/*/; do
  c="$(basename "$d")"
  if [[ -f "$d/MANIFEST.txt" && ! -d "$out/cases/$c" ]]; then
    echo "generate.sh: removing stale case '$c'" >&2
    rm -rf "$d/tasks" "$d/launch_plans" "$d/workflow.pb" "$d/MANIFEST.txt"
    rmdir "$d" 2>/dev/null || echo "generate.sh: warning: $d kept (holds oracle files)" >&2
  fi
done

# Re-read what is now committed, driven only by the manifests.
run_py --verify "$here" || die "verification of $here failed."
echo "generate.sh: ${#cases[@]} cases written to $here ($((SECONDS - start)) s)" >&2
