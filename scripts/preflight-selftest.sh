#!/usr/bin/env bash
# Checks that `./aloft` fails loudly, with the fix, when a tool it needs is missing; nothing may skip silently.
# Runs `./aloft doctor` with a PATH from which one tool at a time has been removed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A PATH of symlinks to every executable on the real PATH except the ones named.
path_without() {
  local dir="$work/path-$1" d f
  mkdir -p "$dir"
  IFS=: read -ra dirs <<< "$PATH"
  for d in "${dirs[@]}"; do
    [[ -d "$d" ]] || continue
    for f in "$d"/*; do
      local name="${f##*/}"
      [[ -x "$f" && ! -e "$dir/$name" ]] || continue
      case " $* " in *" $name "*) continue ;; esac
      ln -s "$f" "$dir/$name"
    done
  done
  echo "$dir"
}

fails=0
expect_failure() { # $1 = label, $2 = text the message must contain, rest = tools to hide
  local label="$1" needle="$2"; shift 2
  local p out rc=0
  p=$(path_without "$@")
  # Without a cached Kubernetes build, Go is required; point the cache somewhere empty.
  out=$(env PATH="$p" ALOFT_TOOLS_DIR="$work/tools" KUBE_API_TEST_DIR="$work/tools/kube" "$ROOT/aloft" doctor 2>&1) || rc=$?
  if [[ $rc -eq 0 ]]; then
    echo "[preflight-selftest] FAIL: without $label, ./aloft doctor exited 0" >&2; fails=$((fails + 1))
  elif ! grep -q -- "$needle" <<< "$out"; then
    echo "[preflight-selftest] FAIL: without $label, the message lacks '$needle':" >&2; echo "$out" >&2; fails=$((fails + 1))
  fi
}

expect_failure "Go" "install Go" go gofmt
expect_failure "npm" "apt-get install -y nodejs npm" npm npx node
expect_failure "Maven" "apt-get install -y maven" mvn
expect_failure "gcc (the cluster's pause binary)" "apt-get install -y gcc" gcc

if (( fails > 0 )); then
  echo "[preflight-selftest] $fails check(s) failed" >&2
  exit 1
fi
echo "[preflight-selftest] ok: a missing Go, npm, Maven or gcc stops ./aloft with the fix"
