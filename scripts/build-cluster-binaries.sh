#!/usr/bin/env bash
# Builds what the real single-node cluster (embedded/.../EmbeddedCluster) runs beside kube-apiserver and etcd:
#   kubelet, kube-proxy, kube-scheduler, kube-controller-manager  from k8s.io/kubernetes (the pinned version)
#   coredns                                                       from github.com/coredns/coredns (the pinned version)
#   pause                                                         from k8s.io/kubernetes' build/pause/linux/pause.c
#   crictl                                                        from sigs.k8s.io/cri-tools (the pinned version)
# into a cache directory outside the repository:
#   ${ALOFT_TOOLS_DIR:-~/.cache/aloft}/cluster/<kubernetes version>-linux-amd64/
# Usage: build-cluster-binaries.sh          build unless cached; prints the directory
#        build-cluster-binaries.sh --check  exit 0 iff a complete build is cached
# Needs: Go (as scripts/build-kube-binaries.sh, whose module setup it reuses) and gcc with static libc (pause).
# No registry ships these binaries (nor a kubelet Debian package), so we compile them. Idempotent.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=kube-ldflags.sh
source "$ROOT/scripts/kube-ldflags.sh"
pom_prop() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$ROOT/pom.xml" | head -1; }
K8S_VERSION="${ALOFT_K8S_VERSION:-$(pom_prop kubernetes.version)}"
COREDNS_VERSION="${ALOFT_COREDNS_VERSION:-$(pom_prop coredns.version)}"
CRI_TOOLS_VERSION="${ALOFT_CRI_TOOLS_VERSION:-$(pom_prop cri-tools.version)}"
[[ -n "$K8S_VERSION" && -n "$COREDNS_VERSION" && -n "$CRI_TOOLS_VERSION" ]] ||
  { echo "cannot read kubernetes.version/coredns.version/cri-tools.version from $ROOT/pom.xml" >&2; exit 1; }
CACHE_ROOT="${ALOFT_TOOLS_DIR:-$HOME/.cache/aloft}"
TARGET="$CACHE_ROOT/cluster/${K8S_VERSION}-linux-amd64"
BINARIES=(kubelet kube-proxy kube-scheduler kube-controller-manager coredns pause crictl)

log() { echo "[build-cluster-binaries] $*" >&2; }
die() { echo "[build-cluster-binaries] ERROR: $*" >&2; exit 1; }

cached() {
  local b
  for b in "${BINARIES[@]}"; do [[ -x "$TARGET/$b" ]] || return 1; done
  [[ -f "$TARGET/.complete" ]] && grep -q "coredns=$COREDNS_VERSION crictl=$CRI_TOOLS_VERSION " "$TARGET/.complete"
}
if [[ "${1:-}" == "--check" ]]; then cached; exit $?; fi
if cached; then
  log "cached: $TARGET"
  echo "$TARGET"
  exit 0
fi
command -v go >/dev/null 2>&1 || die "Go is not installed (needed once to build the cluster binaries). Install Go >= 1.24 and re-run."
command -v gcc >/dev/null 2>&1 || die "gcc is not installed (the pause container's binary is C). Fix: apt-get install -y gcc libc6-dev"

start=$(date +%s)
# The apiserver build's module (go.mod with the staging pins) is the starting point: same versions, same caches.
"$ROOT/scripts/build-kube-binaries.sh" >/dev/null
WORK="$CACHE_ROOT/build/cluster-k8s-${K8S_VERSION}-coredns-${COREDNS_VERSION}"
mkdir -p "$WORK/kube" "$WORK/coredns" "$WORK/crictl" "$TARGET"
export GOFLAGS="-mod=mod -buildvcs=false"
export CGO_ENABLED=0

# --- kubelet, kube-proxy, kube-scheduler, kube-controller-manager -----------------------------------
cd "$WORK/kube"
apiserver_build=$(ls -d "$CACHE_ROOT"/build/k8s-"$K8S_VERSION"-etcd-*/kube | head -1)
[[ -f "$apiserver_build/go.mod" ]] || die "no kube-apiserver build module under $CACHE_ROOT/build (run scripts/build-kube-binaries.sh)"
sed 's#^module .*#module aloft.local/clusterbuild#' "$apiserver_build/go.mod" > go.mod
cp "$apiserver_build/go.sum" go.sum
cat > tools.go <<'GO'
//go:build tools

package clusterbuild

import (
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kube-proxy"
	_ "k8s.io/kubernetes/cmd/kube-scheduler"
	_ "k8s.io/kubernetes/cmd/kubelet"
)
GO
log "resolving the node components of k8s.io/kubernetes v$K8S_VERSION"
go mod tidy >/dev/null 2>&1 || go mod tidy
ldflags="$(kube_ldflags "$K8S_VERSION")"
for b in kubelet kube-proxy kube-scheduler kube-controller-manager; do
  log "compiling $b"
  go build -trimpath -ldflags "$ldflags" -o "$TARGET/$b.tmp" "k8s.io/kubernetes/cmd/$b"
done

# --- pause: the sandbox container every pod holds its namespaces with -----------------------------
k8s_dir=$(go list -m -f '{{.Dir}}' k8s.io/kubernetes)
log "compiling pause (static) from $k8s_dir/build/pause/linux/pause.c"
gcc -Os -static -DVERSION="v$K8S_VERSION-aloft" -o "$TARGET/pause.tmp" "$k8s_dir/build/pause/linux/pause.c" ||
  die "gcc could not link pause statically. Fix: apt-get install -y libc6-dev"
strip "$TARGET/pause.tmp" 2>/dev/null || true

# --- coredns: only the plugins the cluster's Corefile uses -----------------------------------------
# coredns' own main imports every plugin (cloud DNS providers included, hundreds of modules); a main that imports
# the ones we configure is how CoreDNS documents custom builds.
cd "$WORK/coredns"
cat > go.mod <<GOMOD
module aloft.local/corednsbuild

go 1.24

require github.com/coredns/coredns v$COREDNS_VERSION
GOMOD
cat > main.go <<'GO'
// A CoreDNS with the plugins the embedded cluster's Corefile uses, in CoreDNS' own order of execution.
package main

import (
	"github.com/coredns/coredns/core/dnsserver"
	"github.com/coredns/coredns/coremain"

	_ "github.com/coredns/coredns/plugin/bind"
	_ "github.com/coredns/coredns/plugin/cache"
	_ "github.com/coredns/coredns/plugin/errors"
	_ "github.com/coredns/coredns/plugin/forward"
	_ "github.com/coredns/coredns/plugin/health"
	_ "github.com/coredns/coredns/plugin/kubernetes"
	_ "github.com/coredns/coredns/plugin/loadbalance"
	_ "github.com/coredns/coredns/plugin/log"
	_ "github.com/coredns/coredns/plugin/ready"
)

func init() {
	dnsserver.Directives = []string{"bind", "ready", "health", "errors", "log", "cache", "loadbalance", "kubernetes", "forward"}
}

func main() { coremain.Run() }
GO
log "resolving github.com/coredns/coredns v$COREDNS_VERSION"
go mod tidy >/dev/null 2>&1 || go mod tidy
log "compiling coredns"
go build -trimpath -ldflags "-s -w" -o "$TARGET/coredns.tmp" .

# --- crictl: the CRI client; the cluster uses it to stop pod sandboxes (network teardown included) ---------
cd "$WORK/crictl"
cat > go.mod <<GOMOD
module aloft.local/crictlbuild

go 1.24

require sigs.k8s.io/cri-tools v$CRI_TOOLS_VERSION
GOMOD
cat > tools.go <<'GO'
//go:build tools

package crictlbuild

import _ "sigs.k8s.io/cri-tools/cmd/crictl"
GO
log "resolving sigs.k8s.io/cri-tools v$CRI_TOOLS_VERSION"
go mod tidy >/dev/null 2>&1 || go mod tidy
log "compiling crictl"
go build -trimpath -ldflags "-s -w -X sigs.k8s.io/cri-tools/pkg/version.Version=v$CRI_TOOLS_VERSION" -o "$TARGET/crictl.tmp" sigs.k8s.io/cri-tools/cmd/crictl

for b in "${BINARIES[@]}"; do mv -f "$TARGET/$b.tmp" "$TARGET/$b"; done
"$TARGET/kubelet" --version >&2
"$TARGET/coredns" -version | head -1 >&2
echo "k8s=$K8S_VERSION coredns=$COREDNS_VERSION crictl=$CRI_TOOLS_VERSION built=$(date -u +%FT%TZ) seconds=$(( $(date +%s) - start ))" > "$TARGET/.complete"
log "done in $(( $(date +%s) - start ))s: $TARGET"
echo "$TARGET"
