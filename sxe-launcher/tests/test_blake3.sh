#!/bin/sh
# BLAKE3: sxe-b3sum against b3sum and the official test-vector inputs
# (byte i = i mod 251). Needs $BUILD (directory of the built tools).
# SXE_TEST_LARGE=0 skips the large node binary (skipped by default under ASan).
set -u
: "${BUILD:?set BUILD to the directory holding the built tools}"
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
if [ -z "${TMPDIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then TMPDIR=/dev/shm; fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sxe-b3.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

case "$BUILD" in *asan*) large_default=0 ;; *) large_default=1 ;; esac
large=${SXE_TEST_LARGE:-$large_default}
have_b3sum=0
command -v b3sum >/dev/null 2>&1 && have_b3sum=1

impls="auto portable"
for i in sse2 avx2; do
    if "$BUILD/sxe-b3sum" --impl "$i" </dev/null >/dev/null 2>&1; then impls="$impls $i"; fi
done

# Official test vectors (hash mode, first 32 bytes of output).
vectors='0 af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262
1 2d3adedff11b61f14c886e35afa036736dcd87a74d27b5c1510225d0f592e213
1023 10108970eeda3eb932baac1428c7a2163b0e924c9a9e25b35bba72b28f70bd11
1024 42214739f095a406f3fc83deb889744ac00df831c10daa55189b5d121c855af7
1025 d00278ae47eb27b34faecf67b4fe263f82d5412916c1ffd97c8cb7fb814b8444
2048 e776b6028c7cd22a4d0ba182a8bf62205d2ef576467e838ed6f2529b85fba24a
2049 5f4d72f40d7a5f82b15ca2b2e44b1de3c2ef86c426c95c1af0b6879522563030
3072 b98cb0ff3623be03326b373de6b9095218513e64f1ee2edd2525c7ad1e5cffd2
3073 7124b49501012f81cc7f11ca069ec9226cecb8a2c850cfe644e327d22d3e1cd3
4096 015094013f57a5277b59d8475c0501042c0b642e531b0a1c8f58d2163229e969
4097 9b4052b38f1c5fc8b1f9ff7ac7b27cd242487b3d890d15c96a1c25b8aa0fb995
5120 9cadc15fed8b5d854562b26a9536d9707cadeda9b143978f319ab34230535833
5121 628bd2cb2004694adaab7bbd778a25df25c47b9d4155a55f8fbd79f2fe154cff
6144 3e2e5b74e048f3add6d21faab3f83aa44d3b2278afb83b80b3c35164ebeca205
6145 f1323a8631446cc50536a9f705ee5cb619424d46887f3c376c695b70e0f0507f
7168 61da957ec2499a95d6b8023e2b0e604ec7f6b50e80a9678b89d2628e99ada77a
7169 a003fc7a51754a9b3c7fae0367ab3d782dccf28855a03d435f8cfe74605e7817
8192 aae792484c8efe4f19e2ca7d371d8c467ffb10748d8a5a1ae579948f718a2a63
8193 bab6c09cb8ce8cf459261398d2e7aef35700bf488116ceb94a36d0f5f1b7bc3b
16384 f875d6646de28985646f34ee13be9a576fd515f76b5b0a26bb324735041ddde4
31744 62b6960e1a44bcc1eb1a611a8d6235b6b4b78f32e7abc4fb4c6cdcce94895c47
102400 bc3e3d41a1146b069abffad3c0d44860cf664390afce4d9661f7902e7943e085'

hash_of() { # impl file -> hex
    "$BUILD/sxe-b3sum" --impl "$1" "$2" | cut -c1-64
}

echo "$vectors" > "$tmp/vectors"
while read -r len want; do
    "$BUILD/sxe-testgen" "$len" > "$tmp/v$len"
    if [ "$have_b3sum" = 1 ]; then
        ref=$(b3sum --no-names "$tmp/v$len")
        [ "$ref" = "$want" ] || bad "b3sum disagrees with the vector table for length $len"
    fi
    for im in $impls; do
        got=$(hash_of "$im" "$tmp/v$len")
        if [ "$got" = "$want" ]; then ok; else bad "vector len=$len impl=$im: $got"; fi
    done
    # stdin, named "-"
    got=$("$BUILD/sxe-b3sum" < "$tmp/v$len")
    if [ "$got" = "$want  -" ]; then ok; else bad "vector len=$len via stdin: $got"; fi
done < "$tmp/vectors"

# Corpus compared with b3sum.
c="$tmp/corpus"
mkdir -p "$c"
: > "$c/empty"
printf 'x' > "$c/one"
i=0
while [ $i -lt 300 ]; do echo "line $i: the quick brown fox jumps over the lazy dog $((i * i))"; i=$((i + 1)); done > "$c/text"
head -c 1234567 /dev/urandom > "$c/random"
head -c 3000000 /dev/zero > "$c/zeros"
for n in 63 64 65 1000 65535 65536 65537 1048575 1048576 1048577; do "$BUILD/sxe-testgen" $n > "$c/pat$n"; done
jvm=/usr/lib/jvm/java-17-openjdk-amd64/lib/server/libjvm.so
[ -r "$jvm" ] && cp "$jvm" "$c/libjvm.so"
if [ "$large" = 1 ]; then
    node=$(sh "$root/bench/fetch-node.sh" 2>/dev/null) && [ -r "$node" ] && ln -s "$node" "$c/node"
fi

if [ "$have_b3sum" = 1 ]; then
    (cd "$c" && b3sum --num-threads 1 *) > "$tmp/ref.txt"
    for im in $impls; do
        (cd "$c" && "$BUILD/sxe-b3sum" --impl "$im" *) > "$tmp/got.txt"
        if cmp -s "$tmp/ref.txt" "$tmp/got.txt"; then ok; else bad "corpus impl=$im"; diff "$tmp/ref.txt" "$tmp/got.txt" | head -5; fi
    done
    # stdin from a pipe (reads arrive in odd sizes)
    for f in text random pat1048577; do
        want=$(b3sum --no-names "$c/$f")
        got=$(cat "$c/$f" | "$BUILD/sxe-b3sum" | cut -c1-64)
        if [ "$got" = "$want" ]; then ok; else bad "pipe $f"; fi
    done
else
    echo "note: b3sum not installed; corpus comparison skipped"
fi

# A missing file is reported and gives exit status 1.
if "$BUILD/sxe-b3sum" "$tmp/does-not-exist" > /dev/null 2>&1; then bad "missing file accepted"; else ok; fi

echo "blake3: $pass passed, $fail failed"
[ "$fail" = 0 ]
