#!/usr/bin/env bash
# Build step of api-protos: installs the pinned @flyteorg/flyteidl npm package (version and sha512 integrity from
# package-lock.json) into target/npm, so protoc can compile Flyte's own .proto files. The .proto files are build
# inputs only; they are never committed. Skips the install when target/npm already matches the lockfile.
set -euo pipefail
cd "$(dirname "$0")"
die() { echo "[api-protos] ERROR: $*" >&2; exit 1; }

command -v npm >/dev/null 2>&1 || die "npm is not installed. api-protos fetches flyteidl's .proto files from the npm registry.
  Fix: install Node.js >= 18 with npm (e.g. 'apt-get install -y nodejs npm'), then re-run."

dest=target/npm
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [[ -f "$dest/.lock-sha256" && "$(cat "$dest/.lock-sha256")" == "$want" && -d "$dest/node_modules/@flyteorg/flyteidl/protos" ]]; then
  exit 0
fi
rm -rf "$dest" && mkdir -p "$dest"
cp package.json package-lock.json .npmrc "$dest/"
# npm ci installs exactly what the lockfile says and fails if the tarball's sha512 differs from it.
(cd "$dest" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error) \
  || die "npm ci failed: could not fetch @flyteorg/flyteidl from the npm registry (see npm's message above)."
pinned=$(node -e 'console.log(require("./package.json").dependencies["@flyteorg/flyteidl"])')
got=$(node -e 'console.log(require("./'"$dest"'/node_modules/@flyteorg/flyteidl/package.json").version)')
[[ "$pinned" == "$got" ]] || die "expected @flyteorg/flyteidl $pinned, npm installed $got"
count=$(find "$dest/node_modules/@flyteorg/flyteidl/protos" -name '*.proto' | wc -l)
echo "$want" > "$dest/.lock-sha256"
echo "[api-protos] @flyteorg/flyteidl $got: $count .proto files in $dest/node_modules/@flyteorg/flyteidl/protos"
