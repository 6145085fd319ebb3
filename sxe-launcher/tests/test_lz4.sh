#!/bin/sh
# LZ4: sxe-unlz4 (streaming and one-shot APIs) against the lz4 CLI on a corpus
# compressed with many frame options, plus corruption robustness.
# Needs $BUILD (directory of the built tools) and the lz4 CLI.
# SXE_TEST_LARGE=0 skips the large node binary (skipped by default under ASan).
set -u
: "${BUILD:?set BUILD to the directory holding the built tools}"
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
# prefer tmpfs: the test moves a lot of data through temporary files
if [ -z "${TMPDIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then TMPDIR=/dev/shm; fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sxe-lz4.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
U="$BUILD/sxe-unlz4"

if ! command -v lz4 >/dev/null 2>&1; then
    echo "lz4 CLI not installed"
    echo "lz4: 0 passed, 1 failed"
    exit 1
fi
case "$BUILD" in *asan*) large_default=0 ;; *) large_default=1 ;; esac
large=${SXE_TEST_LARGE:-$large_default}

# run_cmp ORIGINAL CMD...: runs CMD, compares its stdout with ORIGINAL through a
# pipe (no output file); true if CMD exited 0 and the output matched.
run_cmp() {
    rc_orig=$1
    shift
    rm -f "$tmp/st"
    if { "$@" 2> "$tmp/err"; echo $? > "$tmp/st"; } | cmp -s - "$rc_orig"; then
        [ "$(cat "$tmp/st")" = 0 ]
    else
        cat "$tmp/st" >/dev/null 2>&1 # drain
        return 1
    fi
}

# decode FILE.lz4 ORIGINAL LABEL: both APIs (+ odd feed sizes for small inputs)
check() {
    cz=$1 orig=$2 label=$3
    size=$(wc -c < "$orig")
    if run_cmp "$orig" "$U" "$cz"; then ok; else bad "stream $label: $(cat "$tmp/err")"; fi
    if run_cmp "$orig" "$U" --size "$size" "$cz"; then ok; else bad "one-shot $label: $(cat "$tmp/err")"; fi
    if [ "$size" -gt 0 ]; then
        if "$U" --size $((size - 1)) "$cz" > /dev/null 2>&1; then bad "one-shot $label accepted a too-small buffer"; else ok; fi
    fi
    if [ "$(wc -c < "$cz")" -lt 1000000 ]; then
        for feed in 1 13 4099; do
            if run_cmp "$orig" "$U" --feed $feed "$cz"; then ok; else bad "stream feed=$feed $label: $(cat "$tmp/err")"; fi
        done
    fi
}

c="$tmp/corpus"
mkdir -p "$c"
: > "$c/empty"
printf 'x' > "$c/one"
i=0
while [ $i -lt 2000 ]; do echo "line $i: the quick brown fox jumps over the lazy dog $((i % 37))"; i=$((i + 1)); done > "$c/text"
head -c 700000 /dev/urandom > "$c/random"
head -c 5000000 /dev/zero > "$c/zeros"
"$BUILD/sxe-testgen" 300000 > "$c/pattern"
# short periods (offsets 1..8) inside mixed data
for p in a ab abc abcd abcde abcdef abcdefg abcdefgh; do
    j=0; while [ $j -lt 40 ]; do printf '%s' "$p"; j=$((j + 1)); done; head -c 77 "$c/random"
done > "$c/periods"
jvm=/usr/lib/jvm/java-17-openjdk-amd64/lib/server/libjvm.so
[ -r "$jvm" ] && cp "$jvm" "$c/libjvm.so"

z="$tmp/z"
mkdir -p "$z"
for f in "$c"/*; do
    n=$(basename "$f")
    k=0
    # -12 is slow on big inputs: use -4 there instead
    hc="-12"
    [ "$(wc -c < "$f")" -gt 2000000 ] && hc="-4"
    for opts in "-1" "-9" "-BD" "-B4" "-B5" "-B6" "-B7" "--no-frame-crc" "-BX" "--content-size" \
                "-B4 -BD -BX --content-size" "$hc -B5 -BD" "-l"; do
        k=$((k + 1))
        # shellcheck disable=SC2086
        lz4 -q -c $opts "$f" > "$z/$n.$k.lz4" || { bad "lz4 $opts $n"; continue; }
        check "$z/$n.$k.lz4" "$f" "$n [$opts]"
    done
    # compressed from a pipe (no size known to lz4)
    cat "$f" | lz4 -q -c -1 > "$z/$n.pipe.lz4"
    check "$z/$n.pipe.lz4" "$f" "$n [pipe]"
done

# Several frames concatenated, with a skippable frame and a legacy frame.
cat "$c/text" "$c/one" "$c/random" "$c/empty" "$c/pattern" "$c/text" > "$tmp/multi"
{
    cat "$z/text.1.lz4" "$z/one.2.lz4"
    printf '\123\052\115\030\005\000\000\000hello'   # skippable frame 0x184D2A53, 5 bytes
    cat "$z/random.4.lz4" "$z/empty.10.lz4" "$z/pattern.13.lz4" "$z/text.11.lz4"
} > "$tmp/multi.lz4"
check "$tmp/multi.lz4" "$tmp/multi" "concatenated frames"
if lz4 -d -c "$tmp/multi.lz4" 2>/dev/null | cmp -s - "$tmp/multi"; then ok; else bad "lz4 itself disagrees on concatenated frames"; fi

# Large inputs.
if [ "$large" = 1 ]; then
    node=$(sh "$root/bench/fetch-node.sh" 2>/dev/null)
    if [ -r "$node" ]; then
        for opts in "-1" "-BD -B4 --content-size" "-BX -B5"; do
            # shellcheck disable=SC2086
            lz4 -q -c $opts "$node" > "$tmp/node.lz4"
            check "$tmp/node.lz4" "$node" "node [$opts]"
        done
        cached="$root/bench/work/node.lz4"   # lz4 -9, cached by bench/decoders.sh
        [ -r "$cached" ] && check "$cached" "$node" "node [-9 cached]"
    else
        echo "note: node binary unavailable, skipped"
    fi
fi

# Errors: empty input, garbage, bad magic.
for input in "" "garbage!" "$(printf '\004\042\115\030')"; do
    printf '%s' "$input" > "$tmp/bad"
    if "$U" "$tmp/bad" > /dev/null 2> "$tmp/err"; then bad "accepted bad input '$input'"; else ok; fi
done

# Corruption: truncations and bit flips of frames with content checksum must
# fail with exactly one "sxe-unlz4: ..." line (or, for a flip, decode to the
# original): never crash or trip a sanitizer.
ASAN_OPTIONS=${ASAN_OPTIONS:-}:exitcode=86
UBSAN_OPTIONS=${UBSAN_OPTIONS:-}:exitcode=87:halt_on_error=1
export ASAN_OPTIONS UBSAN_OPTIONS
clean_fail() { # $1 = exit status; stderr in $tmp/err
    [ "$1" = 1 ] && [ "$(wc -l < "$tmp/err")" -eq 1 ] && grep -q '^sxe-unlz4: ' "$tmp/err"
}
head -c 20000 "$c/text" > "$tmp/corig"
head -c 3000 "$c/random" >> "$tmp/corig"
lz4 -q -c -9 -BD -BX --content-size "$tmp/corig" > "$tmp/c1.lz4"
lz4 -q -c -1 "$tmp/corig" > "$tmp/c2.lz4"
for src in c1 c2; do
    len=$(wc -c < "$tmp/$src.lz4")
    osize=$(wc -c < "$tmp/corig")
    # truncations
    cut=0
    while [ $cut -lt "$len" ]; do
        head -c $cut "$tmp/$src.lz4" > "$tmp/t.lz4"
        "$U" "$tmp/t.lz4" > /dev/null 2> "$tmp/err"; st=$?
        if clean_fail $st; then ok; else bad "$src truncated to $cut: status $st: $(head -c 300 "$tmp/err")"; fi
        "$U" --size "$osize" "$tmp/t.lz4" > /dev/null 2> "$tmp/err"; st=$?
        if clean_fail $st; then ok; else bad "$src truncated to $cut (one-shot): status $st: $(head -c 300 "$tmp/err")"; fi
        if [ $cut -lt 40 ]; then cut=$((cut + 1)); else cut=$((cut + 211)); fi
    done
    # bit flips at deterministic positions
    pos=0
    bit=0
    while [ $pos -lt "$len" ]; do
        mask=$((1 << bit))
        {
            head -c $pos "$tmp/$src.lz4"
            b=$(od -An -tu1 -j $pos -N1 "$tmp/$src.lz4" | tr -d ' ')
            printf "\\$(printf '%03o' $((b ^ mask)))"
            tail -c +$((pos + 2)) "$tmp/$src.lz4"
        } > "$tmp/f.lz4"
        for mode in stream oneshot; do
            if [ $mode = stream ]; then
                "$U" "$tmp/f.lz4" > "$tmp/fout" 2> "$tmp/err"; st=$?
            else
                "$U" --size "$osize" "$tmp/f.lz4" > "$tmp/fout" 2> "$tmp/err"; st=$?
            fi
            if [ $st = 0 ] && cmp -s "$tmp/fout" "$tmp/corig"; then ok
            elif clean_fail $st; then ok
            else bad "$src bit $bit of byte $pos flipped ($mode): status $st: $(head -c 300 "$tmp/err")"
            fi
        done
        bit=$(((bit + 3) % 8))
        if [ $pos -lt 24 ]; then pos=$((pos + 1)); else pos=$((pos + 127)); fi
    done
done

echo "lz4: $pass passed, $fail failed"
[ "$fail" = 0 ]
