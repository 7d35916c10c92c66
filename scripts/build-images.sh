#!/usr/bin/env bash
# Builds Aloft's base container images from Debian packages, with no container engine and no registry:
#   java-base  aloft/java-base:<JDK version>  Debian minbase + ca-certificates, a jlink'd Java runtime in /opt/java,
#                                             user aloft (10001). Jib puts admin, datacatalog and propeller on it.
#   flytekit   aloft/flytekit:<version>       Debian's python3 with the pinned flytekit in the virtualenv /opt/venv,
#                                             laid out as Flyte's own flytekit image (WORKDIR /root, user 1000).
#   pause      aloft/pause:3.10               the static pause binary of scripts/build-cluster-binaries.sh.
# Each is cached in ${ALOFT_TOOLS_DIR:-~/.cache/aloft}/images/<image>-<key>/image.tar, where the key hashes every
# input (this script, the archive writer, suite, packages, JDK build, requirements, pause binary, mmdebstrap's
# version), then linked into target/images/ and listed in target/images/images.properties.
#
# Usage: scripts/build-images.sh [IMAGE ...]        build what is not cached (default: all three); print the entries
#        scripts/build-images.sh --record NAME ARCHIVE
#                                                  list an archive built elsewhere (Jib's service images) in
#                                                  images.properties under NAME, with its ref and digest
#        scripts/build-images.sh --list             print every image in images.properties: name, ref, digest, size
# Env:   JAVA_HOME (a JDK >= 21 with jlink; ./aloft and the Maven build set it), ALOFT_TOOLS_DIR,
#        ALOFT_IMAGES_DIR (default <repo>/target/images), ALOFT_DEBIAN_MIRROR (default: mmdebstrap's own),
#        ALOFT_MMDEBSTRAP_MODE (default auto: root as root, else unshare; see docs/operations.md).
# Needs: mmdebstrap (and its mmtarfilter), GNU tar, gzip, python3; as non-root also uidmap and /etc/subuid entries.
set -euo pipefail
umask 022

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SCRIPT="$ROOT/scripts/build-images.sh"
ARCHIVE_TOOL="$ROOT/scripts/image_archive.py"
REQUIREMENTS="$ROOT/api-protos/src/test/resources/flytekit-fixtures/requirements.txt"
TOOLS_DIR="${ALOFT_TOOLS_DIR:-$HOME/.cache/aloft}"
CACHE="$TOOLS_DIR/images"
OUT="${ALOFT_IMAGES_DIR:-$ROOT/target/images}"
pom_prop() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$ROOT/pom.xml" | head -1; }
K8S_VERSION="$(pom_prop kubernetes.version)"
PAUSE_BINARY="$TOOLS_DIR/cluster/${K8S_VERSION}-linux-amd64/pause"

SUITE=bookworm
# The suite's python3 and glibc: the wheels downloaded for the flytekit image must fit them.
SUITE_PYTHON=3.11
SUITE_GLIBC_MINOR=36
# Every file in every layer gets at most this mtime (mmdebstrap, tar --clamp-mtime) and the image config this
# creation time, so a rebuild from the same inputs is byte-identical. A constant, not the commit's date: a commit
# that changes no input must not change a digest. (2026-01-01T00:00:00Z)
export SOURCE_DATE_EPOCH=1767225600
CREATED=2026-01-01T00:00:00Z
BASE_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
# The Java modules the three Quarkus apps use: `jdeps --print-module-deps` over their target/quarkus-app jars
# (java.desktop is java.beans, which Hibernate and Jackson use), plus what is loaded as a service and so invisible to
# jdeps: jdk.crypto.ec (TLS with EC keys on JDK 21), jdk.zipfs, jdk.naming.dns, jdk.net, java.security.sasl.
JAVA_MODULES=java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.naming,\
java.net.http,java.rmi,java.security.jgss,java.security.sasl,java.sql,java.transaction.xa,java.xml,jdk.management,\
jdk.unsupported,jdk.crypto.ec,jdk.zipfs,jdk.naming.dns,jdk.net
# Hook commands run inside the new root with a clean environment, so no setting of this host (PIP_*, proxies)
# reaches what is built there. $1 is the root's path when mmdebstrap runs the hook.
IN_ROOT='chroot "$1" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 SOURCE_DATE_EPOCH="$SOURCE_DATE_EPOCH"'
JAVA_UID=10001
FLYTEKIT_UID=1000
# Docs, manuals and translations are dropped as Debian's own slim images do; copyright files stay. dpkg skips its
# fsyncs: a half-written root is thrown away anyway, and they cost half of the build's time here.
DPKG_OPTIONS=(
  --dpkgopt='force-unsafe-io'
  --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/info/*'
  --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-include=/usr/share/locale/locale.alias'
  --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright'
)

log() { echo "[build-images] $*" >&2; }
die() { echo "[build-images] ERROR: $*" >&2; exit 1; }
sha() { sha256sum | cut -c1-16; }

# --- images.properties: NAME.ref, NAME.archive (relative to the file), NAME.digest; sorted, one writer at a time --
record() { # NAME ARCHIVE
  local name="$1" archive="$2" ref digest props="$OUT/images.properties"
  [[ -f "$archive" ]] || die "no archive $archive to record"
  python3 "$ARCHIVE_TOOL" name "$archive"
  ref=$(python3 "$ARCHIVE_TOOL" ref "$archive")
  digest=$(python3 "$ARCHIVE_TOOL" digest "$archive")
  mkdir -p "$OUT"
  (
    flock 9
    {
      echo "# Container images built here (./aloft images): read by io.aloft.embedded.ImageSet; docs/operations.md."
      echo "# <name>.ref is the reference the archive carries, <name>.archive its file relative to this one,"
      echo "# <name>.digest its manifest's digest."
      { [[ -f "$props" ]] && grep -v -e '^#' -e "^$name\." "$props"
        printf '%s.archive=%s\n%s.digest=%s\n%s.ref=%s\n' "$name" "$(basename "$archive")" "$name" "$digest" "$name" "$ref"
      } | LC_ALL=C sort
    } > "$props.tmp"
    mv "$props.tmp" "$props"
  ) 9>"$OUT/.images.lock"
}

prop() { sed -n "s/^$1=//p" "$OUT/images.properties"; }
print_entry() { # NAME: one line of ./aloft images' summary
  local archive="$OUT/$(prop "$1.archive")"
  printf '%-12s %-34s %s %5s  %s\n' "$1" "$(prop "$1.ref")" "$(prop "$1.digest")" "$(du -hL "$archive" | cut -f1)" \
    "$(realpath -s --relative-to="$PWD" "$archive" 2>/dev/null || echo "$archive")"
}

case "${1:-}" in
  --record)
    [[ $# -eq 3 ]] || die "usage: $0 --record NAME ARCHIVE"
    record "$2" "$3"
    exit 0 ;;
  --list)
    [[ -f "$OUT/images.properties" ]] || die "no $OUT/images.properties: build the images first (./aloft images)"
    for name in $(sed -n 's/^\([^#][^=]*\)\.ref=.*/\1/p' "$OUT/images.properties"); do print_entry "$name"; done
    exit 0 ;;
esac

# --- helpers for building ----------------------------------------------------------------------------------------
need() { command -v "$1" >/dev/null 2>&1 || die "$1 is not installed. Fix: $2"; }

layer_of_dir() { # DIR OUT.tar.gz: DIR's entries as a layer, owner 0:0, sorted, mtimes clamped
  local names
  names=$(cd "$1" && find . -mindepth 1 -maxdepth 1 -printf '%P\n' | LC_ALL=C sort)
  # shellcheck disable=SC2086  # the top-level names have no spaces: opt, pause
  tar --sort=name --format=posix --pax-option='exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime' \
    --mtime="@$SOURCE_DATE_EPOCH" --clamp-mtime --owner=0 --group=0 --numeric-owner -C "$1" -cf - $names | gzip -n > "$2"
}

debian_rootfs() { # OUT.tar PACKAGES [HOOK ...]: a Debian minbase tarball; mmdebstrap makes it reproducible
  local out="$1" packages="$2"; shift 2
  local debs="$CACHE/debs" mirror=()
  mkdir -p "$debs"
  [[ -n "${ALOFT_DEBIAN_MIRROR:-}" ]] && mirror=("$ALOFT_DEBIAN_MIRROR")
  # The .deb cache (sync-in/sync-out, as mmdebstrap's manual shows) only saves downloads: apt checks each file
  # against the index, so it changes no byte of the result.
  mmdebstrap --mode="${ALOFT_MMDEBSTRAP_MODE:-auto}" --variant=minbase --format=tar --include="$packages" \
    --skip=essential/unlink "${DPKG_OPTIONS[@]}" \
    --setup-hook='mkdir -p "$1"/var/cache/apt/archives/' --setup-hook="sync-in $debs /var/cache/apt/archives/" \
    "$@" \
    --customize-hook="sync-out /var/cache/apt/archives $debs" \
    --customize-hook='rm -f "$1"/etc/resolv.conf "$1"/etc/hostname' \
    "$SUITE" "$out" "${mirror[@]}" 2> "$out.log" || { tail -30 "$out.log" >&2; die "mmdebstrap failed (the end of its log is above)"; }
}

# Filters a tarball by dpkg's path rules and compresses it: one layer. /dev is left to the runtime.
layer_of_tar() { mmtarfilter --path-exclude='/dev/*' "${@:3}" < "$1" | gzip -n > "$2"; }

write_image() { # DIR REF CONFIG_JSON LAYER=HISTORY ...: DIR/image.tar
  local dir="$1"; shift
  python3 "$ARCHIVE_TOOL" write "$dir/image.tar" "$1" "$2" "$CREATED" "${@:3}" > "$dir/digest"
}

java_version() { sed -n 's/^JAVA_VERSION="\(.*\)"/\1/p' "$JAVA_HOME/release"; }
flytekit_version() { sed -n 's/^flytekit==\([^ ;#]*\).*/\1/p' "$REQUIREMENTS"; }

image_ref() {
  case "$1" in
    java-base) echo "aloft/java-base:$(java_version)" ;;
    flytekit) echo "aloft/flytekit:$(flytekit_version)" ;;
    pause) echo "aloft/pause:3.10" ;;
  esac
}

image_inputs() { # everything an image is made from, hashed into its cache key
  cat "$SCRIPT" "$ARCHIVE_TOOL"
  echo "suite=$SUITE mirror=${ALOFT_DEBIAN_MIRROR:-} mmdebstrap=$(mmdebstrap --version 2>/dev/null) ref=$(image_ref "$1")"
  case "$1" in
    java-base) cat "$JAVA_HOME/release" ;;
    flytekit) cat "$REQUIREMENTS" ;;
    pause) sha256sum < "$PAUSE_BINARY" ;;
  esac
}

# --- the images --------------------------------------------------------------------------------------------------
build_java_base() { # WORK DIR
  local work="$1" dir="$2" ref
  ref=$(image_ref java-base)
  debian_rootfs "$work/rootfs.tar" ca-certificates \
    --customize-hook="$IN_ROOT useradd --no-log-init --uid $JAVA_UID --user-group --create-home --shell /usr/sbin/nologin aloft"
  layer_of_tar "$work/rootfs.tar" "$work/debian.tar.gz"
  # A runtime with only the modules the apps use, and its class-data archive (CDS) for a faster start; jlink's
  # output, CDS included, is the same for the same JDK and modules.
  mkdir -p "$work/java/opt"
  "$JAVA_HOME/bin/jlink" --add-modules "$JAVA_MODULES" --strip-debug --no-man-pages --no-header-files \
    --generate-cds-archive --output "$work/java/opt/java" >/dev/null
  "$work/java/opt/java/bin/java" -version 2>&1 | head -1 >&2
  layer_of_dir "$work/java" "$work/java.tar.gz"
  # JDK 24+ warns at every start that Netty (gRPC) uses sun.misc.Unsafe unless allowed; JDK 21 knows no such flag,
  # so it goes into the launcher's JDK_JAVA_OPTIONS only for a runtime that has it.
  local java_options=""
  if [[ "$(java_version | cut -d. -f1)" -ge 24 ]]; then
    java_options=', "JDK_JAVA_OPTIONS=--sun-misc-unsafe-memory-access=allow"'
  fi
  write_image "$dir" "$ref" "$(cat <<JSON
{"Env": ["PATH=/opt/java/bin:$BASE_PATH", "JAVA_HOME=/opt/java", "LANG=C.UTF-8"$java_options],
 "Cmd": ["java", "-version"], "User": "$JAVA_UID:$JAVA_UID", "WorkingDir": "/home/aloft",
 "Labels": {"io.aloft.base.debian": "$SUITE", "io.aloft.base.java": "$(java_version)"}}
JSON
)" "$work/debian.tar.gz=mmdebstrap --variant=minbase $SUITE: ca-certificates, user aloft" \
   "$work/java.tar.gz=jlink --add-modules $JAVA_MODULES --generate-cds-archive: /opt/java"
}

build_flytekit() { # WORK DIR
  local work="$1" dir="$2" ref platforms=() minor
  ref=$(image_ref flytekit)
  # Wheels are fetched here, by a pip of this host with its own settings (index, proxy, CA), for the suite's python
  # and glibc (pip does not widen a --platform to older manylinux tags by itself); the new root installs them with
  # no network. Only wheels: the image has no compiler.
  for minor in $(seq 5 "$SUITE_GLIBC_MINOR"); do platforms+=(--platform "manylinux_2_${minor}_x86_64"); done
  platforms+=(--platform manylinux1_x86_64 --platform manylinux2010_x86_64 --platform manylinux2014_x86_64)
  python3 -m venv "$work/pip" || die "python3 cannot make a virtualenv. Fix: apt-get install -y python3-venv"
  "$work/pip/bin/pip" download --quiet --no-input --disable-pip-version-check --only-binary=:all: \
    --python-version "$SUITE_PYTHON" --implementation cp --abi "cp${SUITE_PYTHON/./}" --abi abi3 --abi none \
    "${platforms[@]}" -r "$REQUIREMENTS" -d "$work/wheels" || die "pip could not download $REQUIREMENTS (is PyPI reachable?)"
  cp "$REQUIREMENTS" "$work/requirements.txt"
  # With SOURCE_DATE_EPOCH set, Python writes hash-checked .pyc files, which hold no timestamp.
  debian_rootfs "$work/rootfs.tar" ca-certificates,python3,python3-venv \
    --customize-hook="copy-in $work/wheels /tmp" \
    --customize-hook="copy-in $work/requirements.txt /tmp" \
    --customize-hook="$IN_ROOT python3 -m venv /opt/venv" \
    --customize-hook="$IN_ROOT /opt/venv/bin/pip install --quiet --no-index --find-links /tmp/wheels --no-cache-dir \
--no-input --disable-pip-version-check -r /tmp/requirements.txt" \
    --customize-hook="$IN_ROOT /opt/venv/bin/pip freeze --all > $work/pip-freeze.txt" \
    --customize-hook="$IN_ROOT useradd --no-log-init --uid $FLYTEKIT_UID --user-group --create-home flytekit" \
    --customize-hook="$IN_ROOT chown $FLYTEKIT_UID:$FLYTEKIT_UID /root /home"
  # The virtualenv is its own layer: the Debian layer below it changes only with the packages.
  layer_of_tar "$work/rootfs.tar" "$work/debian.tar.gz" --path-exclude='/opt/venv/*'
  layer_of_tar "$work/rootfs.tar" "$work/venv.tar.gz" --path-exclude='/*' --path-include='/opt/venv/*'
  cp "$work/pip-freeze.txt" "$dir/pip-freeze.txt"
  # Flyte's flytekit image: code is fast-registered into WORKDIR /root, which is also on PYTHONPATH;
  # FLYTE_INTERNAL_IMAGE names the image to tasks that serialize further tasks.
  write_image "$dir" "$ref" "$(cat <<JSON
{"Env": ["PATH=/opt/venv/bin:$BASE_PATH", "VIRTUAL_ENV=/opt/venv", "LANG=C.UTF-8", "PYTHONPATH=/root",
         "FLYTE_SDK_RICH_TRACEBACKS=0", "FLYTE_INTERNAL_IMAGE=$ref"],
 "Cmd": ["python3"], "User": "$FLYTEKIT_UID:$FLYTEKIT_UID", "WorkingDir": "/root",
 "Labels": {"io.aloft.base.debian": "$SUITE", "io.aloft.flytekit": "$(flytekit_version)"}}
JSON
)" "$work/debian.tar.gz=mmdebstrap --variant=minbase $SUITE: ca-certificates python3 python3-venv, user flytekit" \
   "$work/venv.tar.gz=pip install -r requirements.txt: /opt/venv"
}

build_pause() { # WORK DIR
  local work="$1" dir="$2"
  mkdir -p "$work/layer"
  install -m 0755 "$PAUSE_BINARY" "$work/layer/pause"
  layer_of_dir "$work/layer" "$work/pause.tar.gz"
  # 65535 is the user Kubernetes' own pause image runs as.
  write_image "$dir" "$(image_ref pause)" '{"Entrypoint": ["/pause"], "User": "65535:65535"}' \
    "$work/pause.tar.gz=pause from k8s.io/kubernetes v$K8S_VERSION build/pause/linux/pause.c"
}

check_prerequisites() { # IMAGE
  need python3 "apt-get install -y python3"
  need gzip "apt-get install -y gzip"
  tar --version 2>/dev/null | grep -q 'GNU tar' || die "GNU tar is needed. Fix: apt-get install -y tar"
  case "$1" in
    java-base)
      [[ -x "${JAVA_HOME:-}/bin/jlink" && -f "$JAVA_HOME/release" ]] ||
        die "JAVA_HOME (${JAVA_HOME:-unset}) is not a JDK with jlink; run through ./aloft, or set JAVA_HOME to a JDK >= 21" ;;
    pause)
      [[ -x "$PAUSE_BINARY" ]] ||
        die "no pause binary at $PAUSE_BINARY. Fix: scripts/build-cluster-binaries.sh (builds it with the node binaries)" ;;
  esac
  if [[ "$1" != pause ]]; then
    need mmdebstrap "apt-get install -y mmdebstrap"
    need mmtarfilter "apt-get install -y mmdebstrap"
  fi
}

build_one() { # IMAGE: cached or built, then linked into $OUT and recorded
  local image="$1" key dir work start
  check_prerequisites "$image"
  key=$(image_inputs "$image" | sha)
  dir="$CACHE/$image-$key"
  if [[ -f "$dir/image.tar" ]]; then
    log "$image: cached in $dir"
  else
    start=$(date +%s)
    log "building $image ($(image_ref "$image")) into $dir"
    work=$(mktemp -d "$CACHE/.work-$image.XXXXXX")
    trap 'rm -rf "$work"' EXIT
    mkdir -p "$work/out"
    "build_${image//-/_}" "$work" "$work/out"
    rm -rf "$dir" && mv "$work/out" "$dir"
    rm -rf "$work"
    trap - EXIT
    log "built $image in $(( $(date +%s) - start ))s"
  fi
  mkdir -p "$OUT"
  ln -sfn "$dir/image.tar" "$OUT/$image.tar"
  record "$image" "$OUT/$image.tar"
}

main() {
  local images=("$@") image
  (( ${#images[@]} > 0 )) || images=(java-base flytekit pause)
  for image in "${images[@]}"; do
    case "$image" in java-base|flytekit|pause) ;; *) die "unknown image '$image' (java-base, flytekit, pause)" ;; esac
  done
  mkdir -p "$CACHE"
  # One build at a time per cache: parallel Maven modules or two checkouts may ask at once.
  exec 8>"$CACHE/.build.lock"
  flock 8
  for image in "${images[@]}"; do build_one "$image"; done
  for image in "${images[@]}"; do print_entry "$image"; done
}

# The whole file is read before anything runs, so editing it while a build runs cannot change that build.
main "$@"
exit
