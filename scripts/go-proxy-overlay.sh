# shellcheck shell=bash
# Sourced library (not executable): a local file:// Go-proxy overlay for Flyte modules whose .mod the Go module proxy
# refuses. Used by propeller/compiler/oracle/run.sh and bench/flyte-peer/build.sh.
#
# The Go module proxy reachable from our build machines serves some files of some versions only: for example, for
# github.com/flyteorg/flyte/flytepropeller@v1.13.0 it serves .info and .zip but not .mod. A module's .mod is by
# definition the go.mod inside its .zip, so for each such module the go.mod is extracted from the proxy's .zip into
# an overlay directory laid out like a proxy (<module>/@v/<version>.mod). Put it first in GOPROXY:
#
#   GOPROXY="file://$OVERLAY,$GO_UPSTREAM_PROXY"
#
# Only .mod files live there; everything else falls through to the real proxy. go.sum pins the hashes of both the
# .mod and the .zip, so the overlay cannot change what gets built.
#
#   seed_mod OVERLAY_DIR MODULE VERSION    returns 0 when the .mod is available (overlay, module cache or proxy),
#                                          otherwise prints why on stderr and returns 1
#
# Needs go and curl; unzip or python3 to read the .zip.

GO_UPSTREAM_PROXY="${GO_UPSTREAM_PROXY:-https://proxy.golang.org}"

seed_mod() {  # overlay_dir module version
  local overlay="$1" mod="$2" ver="$3"
  local dir="$overlay/$mod/@v"
  [[ -s "$dir/$ver.mod" ]] && return 0
  [[ -s "$(go env GOMODCACHE)/cache/download/$mod/@v/$ver.mod" ]] && return 0
  local rc=0
  curl -sfL -o /dev/null "$GO_UPSTREAM_PROXY/$mod/@v/$ver.mod" || rc=$?
  [[ $rc -eq 0 ]] && return 0
  if [[ $rc -ne 22 ]]; then  # 22: an HTTP error status; anything else: no answer at all
    echo "[go-proxy-overlay] cannot reach the Go module proxy $GO_UPSTREAM_PROXY (curl exit $rc)" >&2
    return 1
  fi
  echo "[go-proxy-overlay] proxy has no $mod@$ver .mod; extracting go.mod from its .zip" >&2
  mkdir -p "$dir" || return 1
  local tmp; tmp="$(mktemp -d)" || return 1
  if ! curl -sfL -o "$tmp/m.zip" "$GO_UPSTREAM_PROXY/$mod/@v/$ver.zip"; then
    rm -rf "$tmp"
    echo "[go-proxy-overlay] the Go module proxy $GO_UPSTREAM_PROXY serves neither .mod nor .zip for $mod@$ver" \
      "(no network, or the version is not served)" >&2
    return 1
  fi
  if command -v unzip >/dev/null 2>&1; then
    unzip -p "$tmp/m.zip" "$mod@$ver/go.mod" > "$tmp/go.mod"
  else
    python3 -c 'import sys,zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))' \
      "$tmp/m.zip" "$mod@$ver/go.mod" > "$tmp/go.mod"
  fi
  if [[ ! -s "$tmp/go.mod" ]]; then
    rm -rf "$tmp"
    echo "[go-proxy-overlay] no go.mod in $mod@$ver.zip" >&2
    return 1
  fi
  mv "$tmp/go.mod" "$dir/$ver.mod"
  rm -rf "$tmp"
}
