#!/usr/bin/env bash
# Builds the pinned kube-apiserver, kubectl and etcd from the Go module proxy into a cache directory
# outside the repository, in io.fabric8:kube-api-test's layout (so either launcher can use it):
#   $KUBE_API_TEST_DIR/k8s/<version>-linux-amd64/{kube-apiserver,etcd,kubectl}
# with KUBE_API_TEST_DIR defaulting to ${ALOFT_TOOLS_DIR:-~/.cache/aloft}/kube-api-test.
# Usage: build-kube-binaries.sh          build unless cached; prints the directory
#        build-kube-binaries.sh --check  exit 0 iff a complete build is cached
# No registry ships these binaries, so we compile them. Idempotent: a complete cache is left untouched.
# One-time cost on a 2-core machine: see docs/testing.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=kube-ldflags.sh
source "$ROOT/scripts/kube-ldflags.sh"
pom_prop() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$ROOT/pom.xml" | head -1; }
# The pinned versions live in the root pom.xml (kubernetes.version, etcd.version): one source of truth for
# this script and for the Java launcher that looks for the binaries.
K8S_VERSION="${ALOFT_K8S_VERSION:-$(pom_prop kubernetes.version)}"
ETCD_VERSION="${ALOFT_ETCD_VERSION:-$(pom_prop etcd.version)}"
[[ -n "$K8S_VERSION" && -n "$ETCD_VERSION" ]] || { echo "cannot read kubernetes.version/etcd.version from $ROOT/pom.xml" >&2; exit 1; }
CACHE_ROOT="${ALOFT_TOOLS_DIR:-$HOME/.cache/aloft}"
KUBE_API_TEST_DIR="${KUBE_API_TEST_DIR:-$CACHE_ROOT/kube-api-test}"
TARGET="$KUBE_API_TEST_DIR/k8s/${K8S_VERSION}-linux-amd64"

log() { echo "[build-kube-binaries] $*" >&2; }
die() { echo "[build-kube-binaries] ERROR: $*" >&2; exit 1; }

if [[ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]]; then
  die "only linux/amd64 is supported (this is $(uname -s)-$(uname -m))"
fi
command -v go >/dev/null 2>&1 || die "Go is not installed (needed once to build the binaries). Install Go >= 1.24 (e.g. 'apt-get install golang-go' or from go.dev) and re-run."

cached() { [[ -x "$TARGET/kube-apiserver" && -x "$TARGET/etcd" && -x "$TARGET/kubectl" && -f "$TARGET/.complete" ]]; }
if [[ "${1:-}" == "--check" ]]; then cached; exit $?; fi  # exit 0 iff a complete build is cached
if cached; then
  log "cached: $TARGET"
  echo "$TARGET"
  exit 0
fi

start=$(date +%s)
WORK="$CACHE_ROOT/build/k8s-${K8S_VERSION}-etcd-${ETCD_VERSION}"
mkdir -p "$WORK/kube" "$WORK/etcd" "$TARGET"
export GOFLAGS="-mod=mod -buildvcs=false"
export CGO_ENABLED=0

# --- kube-apiserver + kubectl -------------------------------------------------------------------
# k8s.io/kubernetes requires its staging modules at v0.0.0 and replaces them with ./staging paths,
# so a consuming module pins each of them to the published v0.<minor>.<patch> with replace directives.
log "resolving k8s.io/kubernetes v$K8S_VERSION"
cd "$WORK/kube"
k8s_mod=$(go mod download -json "k8s.io/kubernetes@v$K8S_VERSION" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')
[[ -f "$k8s_mod" ]] || die "could not download k8s.io/kubernetes@v$K8S_VERSION from the Go module proxy"
staging_version="v0.${K8S_VERSION#1.}"
{
  echo "module aloft.local/kubebuild"
  echo
  echo "go $(sed -n 's/^go \(.*\)/\1/p' "$k8s_mod")"
  echo
  echo "require k8s.io/kubernetes v$K8S_VERSION"
  echo
  echo "replace ("
  grep -E '^\s*k8s.io/[a-z0-9-]+ => ./staging/' "$k8s_mod" | awk -v v="$staging_version" '{print "\t" $1 " => " $1 " " v}'
  echo ")"
} > go.mod
cat > tools.go <<'GO'
//go:build tools

package kubebuild

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kubectl"
)
GO
log "downloading modules (first run: a few hundred MB into the Go module cache)"
go mod tidy >/dev/null 2>&1 || go mod tidy
ldflags="$(kube_ldflags "$K8S_VERSION")"
log "compiling kube-apiserver"
go build -trimpath -ldflags "$ldflags" -o "$TARGET/kube-apiserver.tmp" k8s.io/kubernetes/cmd/kube-apiserver
log "compiling kubectl"
go build -trimpath -ldflags "$ldflags" -o "$TARGET/kubectl.tmp" k8s.io/kubernetes/cmd/kubectl

# --- etcd ---------------------------------------------------------------------------------------
# go.etcd.io/etcd/server/v3 holds etcd's main package; its go.mod replaces sibling modules with
# relative paths, so (as above) we build it from a consuming module that pins the siblings.
log "resolving go.etcd.io/etcd/server/v3 v$ETCD_VERSION"
cd "$WORK/etcd"
cat > go.mod <<GOMOD
module aloft.local/etcdbuild

go 1.24

require (
	go.etcd.io/etcd/server/v3 v$ETCD_VERSION
	go.etcd.io/etcd/api/v3 v$ETCD_VERSION
	go.etcd.io/etcd/client/pkg/v3 v$ETCD_VERSION
	go.etcd.io/etcd/client/v3 v$ETCD_VERSION
	go.etcd.io/etcd/pkg/v3 v$ETCD_VERSION
)
GOMOD
cat > tools.go <<'GO'
//go:build tools

package etcdbuild

import _ "go.etcd.io/etcd/server/v3"
GO
go mod tidy >/dev/null 2>&1 || go mod tidy
log "compiling etcd"
go build -trimpath -ldflags "-s -w" -o "$TARGET/etcd.tmp" go.etcd.io/etcd/server/v3

for b in kube-apiserver kubectl etcd; do mv -f "$TARGET/$b.tmp" "$TARGET/$b"; done
"$TARGET/etcd" --version | head -1 >&2
"$TARGET/kube-apiserver" --version >&2
echo "k8s=$K8S_VERSION etcd=$ETCD_VERSION built=$(date -u +%FT%TZ) seconds=$(( $(date +%s) - start ))" > "$TARGET/.complete"
log "done in $(( $(date +%s) - start ))s: $TARGET"
echo "$TARGET"
