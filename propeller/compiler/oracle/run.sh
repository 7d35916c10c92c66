#!/usr/bin/env bash
# Builds the Flyte-compiler oracle (see README.md) and runs it over every golden case directory under
# ../src/test/resources/flytekit-workflows/ (a directory with a MANIFEST.txt), plus any directories given as arguments.
# Writes expected-closure.pb or expected-errors.txt into each case directory.
#
# Usage: run.sh [--print] [--dry-run] [--allow-unknown] [--build-only] [--only-extra] [EXTRA_CASE_DIR...]
#   --print       also print each compiled closure as JSON (protojson) to stdout
#   --dry-run     compile and report, but write nothing into the case directories
#   --allow-unknown  write results even where the inputs use fields the linked flyteidl does not know (see README)
#   --build-only  build the oracle binary, print its path, and stop
#   --only-extra  run only over the directories given as arguments
#
# The binary, and a tiny local Go-proxy overlay (see below), live in ${ALOFT_TOOLS_DIR:-~/.cache/aloft}/oracle/;
# Go's module and build caches stay at their defaults. Nothing outside this directory and the case directories'
# expected-* files is written inside the repository.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CASES_ROOT="$(cd "$HERE/../src/test/resources/flytekit-workflows" 2>/dev/null && pwd || true)"
CACHE_ROOT="${ALOFT_TOOLS_DIR:-$HOME/.cache/aloft}"
OUT="$CACHE_ROOT/oracle"
OVERLAY="$OUT/goproxy"

log() { echo "[compiler-oracle] $*" >&2; }
die() { echo "[compiler-oracle] ERROR: $*" >&2; exit 1; }

pass=() build_only=false only_extra=false extra=()
for arg in "$@"; do
  case "$arg" in
    --print|--dry-run|--allow-unknown) pass+=("$arg") ;;
    --build-only) build_only=true ;;
    --only-extra) only_extra=true ;;
    -*) die "unknown option $arg" ;;
    *) extra+=("$arg") ;;
  esac
done

command -v go >/dev/null 2>&1 || die "Go is not installed: the oracle is a Go program that links Flyte's compiler. Install Go >= 1.22 (e.g. 'apt-get install golang-go' or from go.dev) and re-run."
command -v curl >/dev/null 2>&1 || die "curl is required"

# Versions: one source of truth, go.mod (the require line of flytepropeller; siblings are replaced to the same tag).
FLYTE_VERSION="$(sed -n 's:^[[:space:]]*github.com/flyteorg/flyte/flytepropeller \(v[^[:space:]]*\).*:\1:p' "$HERE/go.mod" | head -1)"
[[ -n "$FLYTE_VERSION" ]] || die "cannot read the flytepropeller version from $HERE/go.mod"

# The Go module proxy reachable from our build machines serves the .zip but not the .mod of some Flyte versions (e.g.
# flytepropeller v1.13.0): scripts/go-proxy-overlay.sh extracts each such go.mod from its .zip into a file:// proxy
# overlay consulted first. go.sum pins the hashes of both the .mod and the .zip, so the overlay cannot change what
# gets built.
# shellcheck source=../../../scripts/go-proxy-overlay.sh
source "$HERE/../../../scripts/go-proxy-overlay.sh"
UPSTREAM_PROXY="$GO_UPSTREAM_PROXY"
for m in flytepropeller flyteidl flyteplugins; do
  seed_mod "$OVERLAY" "github.com/flyteorg/flyte/$m" "$FLYTE_VERSION" || die "cannot seed the Go-proxy overlay (see above)"
done

BIN="$OUT/bin/compiler-oracle-flytepropeller-$FLYTE_VERSION"
mkdir -p "$OUT/bin"
export GOFLAGS="-mod=mod -buildvcs=false"
export GOPROXY="file://$OVERLAY,$UPSTREAM_PROXY"
# sum.golang.org cannot be reached here (and the proxy's sumdb endpoint has no record of these Flyte versions); the
# committed go.sum is what pins the Flyte modules' hashes.
export GONOSUMDB="github.com/flyteorg/flyte"
export CGO_ENABLED=0
start=$(date +%s)
log "building $BIN (flytepropeller $FLYTE_VERSION; the first build downloads the modules, later ones are cached)"
( cd "$HERE" && go build -trimpath -o "$BIN.tmp" . ) || die "go build failed"
mv "$BIN.tmp" "$BIN"
log "built in $(( $(date +%s) - start ))s"
if $build_only; then echo "$BIN"; exit 0; fi

dirs=()
if ! $only_extra && [[ -n "$CASES_ROOT" ]]; then
  while IFS= read -r manifest; do dirs+=("$(dirname "$manifest")"); done \
    < <(find "$CASES_ROOT" -mindepth 2 -maxdepth 2 -name MANIFEST.txt | LC_ALL=C sort)
fi
dirs+=("${extra[@]+"${extra[@]}"}")
[[ ${#dirs[@]} -gt 0 ]] || die "no case directories found (looked for */MANIFEST.txt under ${CASES_ROOT:-../src/test/resources/flytekit-workflows})"
"$BIN" "${pass[@]+"${pass[@]}"}" "${dirs[@]}"
