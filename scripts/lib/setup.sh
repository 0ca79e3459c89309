# Shared set-up for scripts/run and scripts/test. Sourced, not run. Every step is idempotent and
# works on a fresh Debian 12 machine as root: it installs what is missing and skips what is done.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

log() { printf '[varlet-mcp] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

BUILD_PACKAGES=(g++ cmake ninja-build pkg-config ca-certificates
  libcaf-dev libboost1.81-dev libboost-json1.81-dev libcurl4-openssl-dev libspdlog-dev
  zlib1g-dev libbrotli-dev libssl-dev libgtest-dev libbenchmark-dev)
# prometheus (promtool) and python3-prometheus-client: reference checkers of the /metrics text
# formats (Prometheus 0.0.4, OpenMetrics). debootstrap and patchelf: the relocatable build
# (scripts/package) tried in a fresh minbase root. podman and runc: its container image built and
# run; iproute2 (ss): which address the container's server listens on. chromium: the admin
# dashboard loaded headless (tests/e2e/dashboard.test.mjs drives it over the DevTools pipe).
TEST_PACKAGES=(prometheus python3-prometheus-client nginx-light debootstrap patchelf podman runc iproute2 chromium)
# The sanitized build of scripts/test and scripts/fuzz: clang with its sanitizer and libFuzzer
# runtimes, and llvm-symbolizer for readable reports.
FUZZ_PACKAGES=(clang libclang-rt-14-dev llvm)
PERF_PACKAGES=(wrk nginx-light valgrind linux-perf)

# Installs the Debian packages that are missing, with a single `apt-get update` when any is.
install_packages() {
  local wanted=("$@") missing=() p
  command -v node >/dev/null && command -v npm >/dev/null || wanted+=(nodejs npm)
  for p in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" = 0 ] || die "missing packages (${missing[*]}); run as root so set-up can install them"
  log "installing Debian packages: ${missing[*]}"
  # Keep package scripts from starting daemons (prometheus, nginx): the project starts its own.
  local policy=/usr/sbin/policy-rc.d placed=0
  if [ ! -e "$policy" ]; then printf '#!/bin/sh\nexit 101\n' >"$policy"; chmod +x "$policy"; placed=1; fi
  local rc=0
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
      --no-install-recommends "${missing[@]}" >/dev/null; } || rc=$?
  [ "$placed" = 1 ] && rm -f "$policy"
  [ "$rc" = 0 ] || die "apt-get failed installing ${missing[*]}"
}

# Configures and builds into $1 (relative to the repository), extra CMake arguments after it.
# BUILD_TARGET limits the build to one target.
build_project() {
  local dir="$ROOT/$1"; shift
  cmake -S "$ROOT" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null \
    || die "cmake configure failed for $dir"
  cmake --build "$dir" --parallel "$(nproc)" ${BUILD_TARGET:+--target "$BUILD_TARGET"} || die "build failed in $dir"
}

# The version the server serves comes from conf/varlet-mcp.ini; it must be listed in packages.lock.
configured_varlet_version() {
  sed -n 's/^[[:space:]]*version[[:space:]]*=[[:space:]]*"\([^"]*\)".*/\1/p' "$ROOT/conf/varlet-mcp.ini" | head -n 1
}

# Fetches every tarball of scripts/packages.lock with `npm pack`, checks its integrity, and unpacks
# it into data/npm/<name>@<version>/, the layout of the npm CDN (the offline upstream).
fetch_varlet_packages() {
  local dest="$ROOT/data/npm" version
  version=$(configured_varlet_version)
  grep -Eq "^@varlet/ui[[:space:]]+${version//./\\.}[[:space:]]" "$ROOT/scripts/packages.lock" \
    || die "conf/varlet-mcp.ini serves @varlet/ui $version, which scripts/packages.lock does not pin"
  local name ver integrity
  while read -r name ver integrity; do
    [[ -z "$name" || "$name" == \#* ]] && continue
    local dir="$dest/$name@$ver"
    [ -f "$dir/.verified" ] && continue
    log "fetching $name@$ver"
    local tmp; tmp=$(mktemp -d)
    (cd "$tmp" && npm pack --silent --loglevel=error "$name@$ver" >/dev/null) || die "npm pack $name@$ver failed"
    local tgz; tgz=$(ls "$tmp"/*.tgz)
    local actual
    actual=$(node -e 'const c=require("crypto"),f=require("fs");
      process.stdout.write("sha512-"+c.createHash("sha512").update(f.readFileSync(process.argv[1])).digest("base64"))' "$tgz")
    [ "$actual" = "$integrity" ] || die "$name@$ver: integrity $actual does not match the pinned $integrity"
    rm -rf "$dir" && mkdir -p "$dir"
    tar xzf "$tgz" -C "$dir" --strip-components=1 || die "cannot unpack $tgz"
    touch "$dir/.verified"
    rm -rf "$tmp"
  done <"$ROOT/scripts/packages.lock"
}

# Installs a folder's npm packages from its committed package-lock.json, once per lock content.
install_node_modules() {
  local dir="$ROOT/$1" stamp hash
  stamp="$dir/node_modules/.lock-sha256"
  hash=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
  [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$hash" ] && return 0
  log "installing npm packages in $1"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null) || die "npm ci failed in $1"
  echo "$hash" >"$stamp"
}
