#!/usr/bin/env bash
# Build step of admin (generate-resources): the console (TypeScript, Vite) into admin's classpath at
# target/classes/META-INF/resources/console, which Quarkus serves at /console. npm ci installs exactly what
# package-lock.json says; it is skipped when node_modules already matches the lockfile. ADR 0013.
set -euo pipefail
cd "$(dirname "$0")"
die() { echo "[console] ERROR: $*" >&2; exit 1; }

command -v npm >/dev/null 2>&1 || die "npm is not installed; admin's build builds the web console with it.
  Fix: install Node.js >= 20.19 with npm (e.g. 'apt-get install -y nodejs npm'), then re-run."

want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [[ ! -f node_modules/.aloft-lock-sha256 || "$(cat node_modules/.aloft-lock-sha256)" != "$want" ]]; then
  npm ci --no-audit --no-fund --loglevel=error || die "npm ci failed (see npm's message above)."
  echo "$want" > node_modules/.aloft-lock-sha256
fi
npm run --silent build -- --logLevel warn || die "the console's build failed (see above)."
echo "[console] built into target/classes/META-INF/resources/console"
