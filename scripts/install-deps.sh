#!/usr/bin/env bash
# Installs the Debian 12 packages cloudlet needs to build, test and (with
# --bench) benchmark. Quiet and quick when everything is already there.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  librocksdb-dev libssl-dev libcli11-dev libspdlog-dev libfmt-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libsimdjson-dev libisal-dev libmimalloc-dev zlib1g-dev
  curl clang-14 libclang-rt-14-dev
  libarchive-dev bubblewrap
  autoconf automake libtool
  tzdata
)
[[ " $* " == *" --bench "* ]] && packages+=(wrk nginx-light)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# The end-to-end tests drive cloudlet with the real clients; take Debian's
# packages only when the machine has none of its own.
python3 -c 'import boto3' 2>/dev/null || missing+=(python3-boto3)
command -v aws >/dev/null 2>&1 || missing+=(awscli)
# The JavaScript SDK tests need Node.js (>= 18) and npm.
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
# aws-lambda-ric (tests/e2e/js) builds its native client with autotools
# (above), cmake and node-gyp; node-gyp needs the headers of the Node.js it
# builds for, else it downloads them from nodejs.org. A Node.js installed
# under its own prefix (NodeSource, nvm, tarball) ships them; Debian's
# nodejs keeps them in libnode-dev, under /usr.
node_dir=/usr
node_prefix=$(node -p 'require("path").resolve(process.execPath, "../..")' 2>/dev/null || true)
if [[ -n $node_prefix && -f $node_prefix/include/node/common.gypi ]]; then
  node_dir=$node_prefix
fi
[[ -f $node_dir/include/node/common.gypi ]] || missing+=(libnode-dev)

if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  sudo=""
  [[ $(id -u) -ne 0 ]] && sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -q
  $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# The AWS SDK for JavaScript v3, Dynamoose and aws-lambda-ric for tests/e2e,
# from the npm registry, at the versions the lockfile pins.
js_dir="$(dirname "$0")/../tests/e2e/js"
if [[ ! -d $js_dir/node_modules || $js_dir/package-lock.json -nt $js_dir/node_modules ]]; then
  echo "install-deps: npm ci in tests/e2e/js"
  (cd "$js_dir" && npm_config_nodedir="$node_dir" npm ci --no-audit --no-fund --loglevel=error >/dev/null && touch node_modules)
fi
