#!/usr/bin/env bash
# Builds Flyte v1's own flytepropeller (v1.13.0, with flyteplugins v1.13.3, flyteidl v1.13.0, flytestdlib v1.11.0)
# from the Go module proxy into ${ALOFT_TOOLS_DIR:-~/.cache/aloft}/flyte-peer/bin/flytepropeller, so that benchmarks
# can run it side by side with Aloft's propeller on the same kube-apiserver. Aloft never links, ships or copies it:
# the Flyte modules are dependencies of this throwaway wrapper module (go.mod), and main.go is only an entry point.
#
# Usage: bench/flyte-peer/build.sh        -> logs on stderr; the binary's path is the last line on stdout
#        <binary> --config propeller.yaml
# Needs Go >= 1.22 and curl; the first build also needs the network (about 1.2 GB of modules into the default Go
# module cache, a few minutes on 2 cores); later builds are cached and work offline.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="${ALOFT_TOOLS_DIR:-$HOME/.cache/aloft}/flyte-peer"
OVERLAY="$OUT/goproxy"
BIN="$OUT/bin/flytepropeller"

log() { echo "[flyte-peer] $*" >&2; }
die() { echo "[flyte-peer] ERROR: $*" >&2; exit 1; }

command -v go >/dev/null 2>&1 || die "Go is not installed. Install Go >= 1.22 (from go.dev, or 'apt-get install golang-go' where that is recent enough) and re-run."
go_minor="$(go env GOVERSION | sed -n 's/^go1\.\([0-9]*\).*/\1/p')"
[[ -n "$go_minor" && "$go_minor" -ge 22 ]] || die "Go >= 1.22 is required, found $(go env GOVERSION). Install a newer Go from go.dev and re-run."
command -v curl >/dev/null 2>&1 || die "curl is required (apt-get install curl)"

# The Go module proxy serves the .zip but not the .mod of flytepropeller v1.13.0 and flyteplugins v1.13.3: extract
# their go.mod into a file:// proxy overlay consulted first (see scripts/go-proxy-overlay.sh). go.sum pins both.
# shellcheck source=../../scripts/go-proxy-overlay.sh
source "$HERE/../../scripts/go-proxy-overlay.sh"
net_hint="cannot reach the Go module proxy $GO_UPSTREAM_PROXY. The first build needs the network: connect this machine (or set HTTPS_PROXY), or set GO_UPSTREAM_PROXY to a reachable Go module proxy, and re-run."
for pin in "flytepropeller v1.13.0" "flyteplugins v1.13.3" "flyteidl v1.13.0" "flytestdlib v1.11.0"; do
  set -- $pin
  seed_mod "$OVERLAY" "github.com/flyteorg/flyte/$1" "$2" || die "$net_hint"
done

export GOPROXY="file://$OVERLAY,$GO_UPSTREAM_PROXY"
# sum.golang.org has no records of these Flyte versions; go.sum here pins their hashes.
export GONOSUMDB="github.com/flyteorg/flyte"
export GOFLAGS="-mod=mod -buildvcs=false"
export CGO_ENABLED=0

cd "$HERE"
start=$(date +%s)
log "resolving modules (the first build downloads about 1.2 GB into $(go env GOMODCACHE))"
if ! go list -deps . >/dev/null; then
  curl -sfI -o /dev/null "$GO_UPSTREAM_PROXY/github.com/flyteorg/flyte/flyteidl/@v/v1.13.0.info" || die "$net_hint"
  die "resolving the modules failed (see above)"
fi
log "building $BIN (flytepropeller v1.13.0; the first build compiles for a few minutes)"
mkdir -p "$OUT/bin"
go build -trimpath -o "$BIN.tmp" . || die "go build failed (see above)"
mv "$BIN.tmp" "$BIN"
log "built in $(( $(date +%s) - start ))s; linked: $(go version -m "$BIN" | awk '$1=="dep" && $2 ~ /flyteorg\/flyte\// {sub(".*/","",$2); printf "%s %s  ", $2, $3}')"
echo "$BIN"
