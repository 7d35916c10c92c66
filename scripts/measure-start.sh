#!/usr/bin/env bash
# Measures how long ./aloft up takes to be ready: the first start on a "fresh machine" (empty tool cache, Go module
# and build caches, Maven repository, npm and pip caches), then a warm start without the build and one with it.
# Prints the three wall times. Needs the network (Go module proxy, Maven Central, npm, PyPI) and about 2 GB in WORK.
#
# Usage: scripts/measure-start.sh [WORK]      (default: a new directory under /tmp; deleted unless KEEP=1)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="${1:-$(mktemp -d /tmp/aloft-measure-start.XXXXXX)}"
mkdir -p "$WORK"
git clone -q "$ROOT" "$WORK/repo"
export ALOFT_TOOLS_DIR="$WORK/tools" KUBE_API_TEST_DIR="$WORK/tools/kube-api-test" GOMODCACHE="$WORK/gomod" \
  GOCACHE="$WORK/gocache" PIP_CACHE_DIR="$WORK/pip" npm_config_cache="$WORK/npm" ALOFT_HOME="$WORK/home" \
  MAVEN_OPTS="-Dmaven.repo.local=$WORK/m2 --sun-misc-unsafe-memory-access=allow"
cd "$WORK/repo"

timed() { # NAME CMD...: runs CMD, prints NAME's wall time and the stack's own "Aloft is up (N s)"
  local name=$1; shift
  local s e
  s=$(date +%s.%N)
  if ! "$@" > "$WORK/$name.log" 2>&1; then
    echo "$name: failed, see $WORK/$name.log" >&2; exit 1
  fi
  e=$(date +%s.%N)
  printf '%-28s %7.1f s   (%s)\n' "$name" "$(echo "$e - $s" | bc)" \
    "$(grep -o 'Aloft is up ([0-9.]* s)' "$WORK/$name.log" || echo '?')"
}

timed first-fresh ./aloft up --random-ports --exit-when-ready
timed warm-skip-build env ALOFT_SKIP_BUILD=1 ./aloft up --random-ports --exit-when-ready
timed warm-with-build ./aloft up --random-ports --exit-when-ready
grep -h 'build-kube-binaries\] done in' "$WORK/first-fresh.log" || true
if [[ "${KEEP:-0}" != 1 ]]; then rm -rf "$WORK"; fi
