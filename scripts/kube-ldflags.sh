# Sourced by the scripts that build Kubernetes components (build-kube-binaries.sh, build-cluster-binaries.sh).
# kube_ldflags VERSION: the linker flags that stamp a binary with the release it is built from (what `--version`
# prints and what the API server reports), as Kubernetes' own release build does; stripped, with a fixed build date.
kube_ldflags() {
  local version="$1" flags="-s -w" pkg
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    flags="$flags -X $pkg.gitVersion=v$version -X $pkg.gitMajor=1 -X $pkg.gitMinor=$(echo "$version" | cut -d. -f2)"
    flags="$flags -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
  done
  echo "$flags"
}
