#!/bin/sh
# Packs one linux-x86_64 binary with sxe-format (installed by `mvn install`): bench/pack.sh STUB CODEC LEVEL LONG CACHE IN OUT
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cpfile="$here/work/classpath.txt"
mkdir -p "$here/work"
if [ ! -s "$cpfile" ] || [ "$here/../sxe-format/pom.xml" -nt "$cpfile" ]; then
  (cd "$here/../sxe-format" && mvn -B -q dependency:build-classpath -Dmdep.outputFile="$cpfile" >/dev/null)
fi
exec java -cp "$(cat "$cpfile"):$here/../sxe-format/target/classes" "$here/Pack.java" "$@"
