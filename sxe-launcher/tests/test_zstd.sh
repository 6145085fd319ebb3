#!/bin/sh
# Differential and corruption tests for the zstd decoder (build/sxe-unzstd).
#
# Every input of a generated corpus is compressed by the zstd CLI in many
# ways and must decode byte-identically through both APIs: streaming
# (plain sxe-unzstd, from a file and from stdin) and one-shot
# (sxe-unzstd --size N).  Truncated and bit-flipped frames must fail with
# exit status 1 and a one-line "sxe-unzstd: ..." message, never crash.
#
# Environment:
#   BUILD           directory holding sxe-unzstd (default: build)
#   SXE_TEST_LARGE  0 skips the 107 MB node binary (bench/work/node);
#                   default: use it if present (it is never downloaded here)
#   SXE_NODE        path of the large input (default: ../bench/work/node)
set -u

here=$(cd "$(dirname "$0")" && pwd)
BUILD=${BUILD:-$here/../build}
U=$BUILD/sxe-unzstd
NODE=${SXE_NODE:-$here/../../bench/work/node}
LARGE=${SXE_TEST_LARGE:-1}

# Make sanitizer failures distinguishable from the tool's own exit 1.
ASAN_OPTIONS=${ASAN_OPTIONS:-exitcode=86:abort_on_error=0}
UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:exitcode=87}
export ASAN_OPTIONS UBSAN_OPTIONS

if [ ! -x "$U" ]; then
    echo "test_zstd: $U not built" >&2
    exit 1
fi
if ! command -v zstd >/dev/null 2>&1; then
    echo "test_zstd: zstd CLI not installed" >&2
    exit 1
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/sxe-zstd-test.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT INT TERM
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

size_of() { wc -c < "$1" | tr -d ' '; }

# check ZST ORIG LABEL: both APIs must reproduce ORIG exactly.
check() {
    n=$(size_of "$2")
    if "$U" "$1" > "$T/out" 2> "$T/err" && cmp -s "$T/out" "$2"; then ok; else bad "stream: $3 ($(cat "$T/err"))"; fi
    if "$U" --size "$n" < "$1" > "$T/out" 2> "$T/err" && cmp -s "$T/out" "$2"; then ok; else bad "oneshot: $3 ($(cat "$T/err"))"; fi
}

# check_stdin ZST ORIG LABEL: streaming from a pipe.
check_stdin() {
    if cat "$1" | "$U" > "$T/out" 2> "$T/err" && cmp -s "$T/out" "$2"; then ok; else bad "stdin: $3 ($(cat "$T/err"))"; fi
}

# must_fail LABEL ARGS...: exit status 1 and exactly one "sxe-unzstd: " line.
must_fail() {
    label=$1
    shift
    "$U" "$@" > /dev/null 2> "$T/err"
    rc=$?
    if [ "$rc" -eq 1 ] && [ "$(wc -l < "$T/err" | tr -d ' ')" = 1 ] && grep -q '^sxe-unzstd: ' "$T/err"; then
        ok
    else
        bad "$label: rc=$rc $(head -c 300 "$T/err")"
    fi
}

# ------------------------------------------------------------------ corpus
C=$T/c
mkdir -p "$C"
: > "$C/empty"
printf 'x' > "$C/one"
# Deterministic incompressible bytes (AES-CTR keystream), with a fallback.
rnd() {
    if command -v openssl >/dev/null 2>&1; then
        openssl enc -aes-128-ctr -K 000102030405060708090a0b0c0d0e0f \
            -iv 00000000000000000000000000000000 -in /dev/zero 2>/dev/null | head -c "$1"
    else
        awk -v n="$1" 'BEGIN { srand(7); for (i = 0; i < n; i++) printf "%c", int(rand() * 256) }' | head -c "$1"
    fi
}
rnd 262144 > "$C/random"
if [ -d /usr/share/common-licenses ]; then
    cat /usr/share/common-licenses/* > "$C/text"
else
    awk 'BEGIN { for (i = 0; i < 20000; i++) printf "line %d of the generated text, value %d\n", i, (i * 7919) % 1000 }' > "$C/text"
fi
seq 1 60000 > "$C/numbers"
head -c 5000000 /dev/zero > "$C/zeros"
# Mixed content: long matches, raw stretches, RLE runs, small files' features.
{ cat "$C/text"; rnd 70000; head -c 300000 /dev/zero; head -c 100000 "$C/numbers"; cat "$C/text"; } > "$C/mix"
head -c 777 "$C/text" > "$C/small"
JVM=/usr/lib/jvm/java-17-openjdk-amd64/lib/server/libjvm.so
if [ -f "$JVM" ]; then cp "$JVM" "$C/exe"; else cp "$U" "$C/exe"; fi

SMALL="empty one small text numbers random mix"
ALL="$SMALL zeros exe"

Z=$T/z
mkdir -p "$Z"
zc() { # zc OUT IN ARGS... (compress quietly)
    out=$1
    in=$2
    shift 2
    zstd -q -f "$@" "$in" -o "$out" 2> "$T/zerr" || bad "zstd $* $in: $(cat "$T/zerr")"
}

echo "zstd: level sweep"
for f in $ALL; do
    for l in 1 3 9; do
        zc "$Z/$f.$l.zst" "$C/$f" -$l
        check "$Z/$f.$l.zst" "$C/$f" "$f -$l"
    done
done
for f in $SMALL; do
    zc "$Z/$f.19.zst" "$C/$f" -19
    check "$Z/$f.19.zst" "$C/$f" "$f -19"
    zc "$Z/$f.22.zst" "$C/$f" --ultra -22
    check "$Z/$f.22.zst" "$C/$f" "$f --ultra -22"
done

echo "zstd: frame options"
for f in $ALL; do
    zc "$Z/$f.long.zst" "$C/$f" --long=27 -3
    check "$Z/$f.long.zst" "$C/$f" "$f --long=27"
    zc "$Z/$f.nocheck.zst" "$C/$f" --no-check -3
    check "$Z/$f.nocheck.zst" "$C/$f" "$f --no-check"
    zc "$Z/$f.st.zst" "$C/$f" --single-thread -2
    check "$Z/$f.st.zst" "$C/$f" "$f --single-thread"
    zc "$Z/$f.fmt.zst" "$C/$f" --format=zstd -B1048576 -T2 -2
    check "$Z/$f.fmt.zst" "$C/$f" "$f --format=zstd -B1M -T2"
    # no Frame_Content_Size: compressed from a pipe
    cat "$C/$f" | zstd -q -c -3 > "$Z/$f.pipe.zst"
    check "$Z/$f.pipe.zst" "$C/$f" "$f piped (no content size)"
    check_stdin "$Z/$f.pipe.zst" "$C/$f" "$f piped"
    n=$(size_of "$C/$f")
    cat "$C/$f" | zstd -q -c -3 --stream-size="$n" > "$Z/$f.ss.zst"
    check "$Z/$f.ss.zst" "$C/$f" "$f --stream-size"
    zc "$Z/$f.nocs.zst" "$C/$f" --no-content-size -1
    check "$Z/$f.nocs.zst" "$C/$f" "$f --no-content-size"
done
head -c 400000 "$C/exe" > "$C/exe400k"
for f in $SMALL exe400k; do
    # small windows: history wraps around the streaming ring buffer
    for w in 10 12 17; do
        zc "$Z/$f.w$w.zst" "$C/$f" -9 --zstd=wlog=$w
        check "$Z/$f.w$w.zst" "$C/$f" "$f wlog=$w"
        cat "$C/$f" | zstd -q -c -16 --zstd=wlog=$w > "$Z/$f.pw$w.zst"
        check "$Z/$f.pw$w.zst" "$C/$f" "$f piped wlog=$w -16"
    done
    zc "$Z/$f.fast.zst" "$C/$f" --fast=5
    check "$Z/$f.fast.zst" "$C/$f" "$f --fast=5"
done

for f in small text; do
    zc "$Z/$f.blk.zst" "$C/$f" -3 --target-compressed-block-size=2000
    check "$Z/$f.blk.zst" "$C/$f" "$f small blocks"
done

echo "zstd: multiple and skippable frames"
cat "$C/text" "$C/random" "$C/empty" "$C/mix" > "$T/cat.orig"
cat "$Z/text.3.zst" "$Z/random.1.zst" "$Z/empty.9.zst" "$Z/mix.pipe.zst" > "$T/cat.zst"
check "$T/cat.zst" "$T/cat.orig" "4 frames"
check_stdin "$T/cat.zst" "$T/cat.orig" "4 frames"
skip() { # skippable frame with a payload of $1 bytes (magic nibble $2)
    printf "\\$2\\052\\115\\030"
    printf "\\$(printf %03o $(($1 & 255)))\\$(printf %03o $((($1 >> 8) & 255)))\\000\\000"
    rnd "$1"
}
{ skip 300 120; cat "$Z/text.19.zst"; skip 0 137; cat "$Z/mix.3.zst"; skip 17 120; } > "$T/skip.zst"
cat "$C/text" "$C/mix" > "$T/skip.orig"
check "$T/skip.zst" "$T/skip.orig" "skippable frames"
{ skip 10 120; skip 20 137; } > "$T/onlyskip.zst"
check "$T/onlyskip.zst" "$C/empty" "only skippable frames"

echo "zstd: rejections"
must_fail "empty input" "$C/empty"
must_fail "not zstd" "$C/text"
must_fail "missing file" "$T/does-not-exist"
# Dictionary_ID present (1 byte, value 5), no dictionary available.
printf '\050\265\057\375\041\005\000\001\000\000' > "$T/dict.zst"
must_fail "dictionary required" "$T/dict.zst"
grep -q dictionary "$T/err" && ok || bad "dictionary message: $(cat "$T/err")"
must_fail "dictionary required (oneshot)" --size 10 "$T/dict.zst"
# Dictionary_ID field present with value 0 means "no dictionary": valid.
printf '\050\265\057\375\041\000\000\001\000\000' > "$T/dict0.zst"
check "$T/dict0.zst" "$C/empty" "dictionary id 0"
# Reserved bit set in the frame header descriptor.
printf '\050\265\057\375\050\000\001\000\000' > "$T/resv.zst"
must_fail "reserved bit" "$T/resv.zst"
# Window larger than the configured maximum (streaming only).
must_fail "window limit" --max-window 65536 "$Z/exe.long.zst"
grep -q window "$T/err" && ok || bad "window message: $(cat "$T/err")"
# A 2^28 window (no content size, so it is not shrunk) exceeds the default
# streaming limit of 2^27 but decodes with a raised limit and in one shot.
cat "$C/text" | zstd -q -c -3 --zstd=wlog=28 > "$T/w28.zst"
must_fail "window 2^28 over default limit" "$T/w28.zst"
if "$U" --max-window 268435456 "$T/w28.zst" 2> "$T/err" | cmp -s - "$C/text"; then ok; else bad "window 2^28 with --max-window"; fi
if "$U" --size "$(size_of "$C/text")" "$T/w28.zst" 2> "$T/err" | cmp -s - "$C/text"; then ok; else bad "window 2^28 one-shot"; fi
# Output larger than the one-shot buffer.
n=$(size_of "$C/text")
must_fail "output too large" --size $((n - 1)) "$Z/text.19.zst"
must_fail "output too large (no fcs)" --size $((n - 1)) "$Z/text.pipe.zst"
cat "$Z/text.3.zst" "$C/one" > "$T/trail.zst"
must_fail "trailing byte" "$T/trail.zst"
must_fail "trailing byte (oneshot)" --size 10000000 "$T/trail.zst"

echo "zstd: corruption"
# flip FILE POS BIT OUT
flip() {
    b=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
    nb=$((b ^ (1 << $3)))
    {
        head -c "$2" "$1"
        printf "\\$(printf %03o "$nb")"
        tail -c +$(($2 + 2)) "$1"
    } > "$4"
}
# corrupt_one ZST ORIG LABEL API(0 stream, 1 one-shot): decoding must fail cleanly, or (for the few
# bits the format leaves free, e.g. window size) reproduce ORIG exactly.
corrupt_one() {
    if [ "$4" = 0 ]; then modes=stream; else modes=oneshot; fi
    for mode in $modes; do
        if [ $mode = stream ]; then
            "$U" "$1" > "$T/cout" 2> "$T/err"
        else
            "$U" --size 8000000 < "$1" > "$T/cout" 2> "$T/err"
        fi
        rc=$?
        if [ $rc -eq 0 ]; then
            if cmp -s "$T/cout" "$2"; then ok; else bad "$3 $mode: corrupt input decoded to wrong data"; fi
        elif [ $rc -eq 1 ] && grep -q '^sxe-unzstd: ' "$T/err"; then
            ok
        else
            bad "$3 $mode: rc=$rc $(head -c 300 "$T/err")"
        fi
    done
}
zc "$Z/cx.mix.zst" "$C/mix" -19 --zstd=wlog=17
zc "$Z/cx.exe.zst" "$C/small" -1
zc "$Z/cx.e2.zst" "$C/exe400k" -7
for pair in "cx.mix.zst:$C/mix" "text.22.zst:$C/text" "numbers.9.zst:$C/numbers" \
            "cx.exe.zst:$C/small" "cx.e2.zst:$C/exe400k" "random.1.zst:$C/random"; do
    zf=$Z/${pair%%:*}
    orig=${pair#*:}
    len=$(size_of "$zf")
    # truncations: every offset of the first 14 bytes, the last 4, and 16 spread
    offs=""
    i=0
    while [ $i -lt 14 ]; do offs="$offs $i"; i=$((i + 1)); done
    i=1
    while [ $i -le 4 ]; do offs="$offs $((len - i))"; i=$((i + 1)); done
    i=1
    while [ $i -lt 16 ]; do offs="$offs $((len * i / 16))"; i=$((i + 1)); done
    for o in $offs; do
        [ "$o" -ge 0 ] && [ "$o" -lt "$len" ] || continue
        head -c "$o" "$zf" > "$T/trunc.zst"
        must_fail "${pair%%:*} truncated at $o" "$T/trunc.zst"
        must_fail "${pair%%:*} truncated at $o (oneshot)" --size 8000000 "$T/trunc.zst"
    done
    # bit flips at 50 deterministic positions (header bytes included),
    # alternately through the streaming and the one-shot API
    i=0
    while [ $i -lt 50 ]; do
        if [ $i -lt 12 ]; then pos=$i; else pos=$(((i * 7919 + 13) % len)); fi
        flip "$zf" "$pos" $((i % 8)) "$T/flip.zst"
        corrupt_one "$T/flip.zst" "$orig" "${pair%%:*} flip byte $pos bit $((i % 8))" $((i % 2))
        i=$((i + 1))
    done
done

# ------------------------------------------------------------ large input
if [ "$LARGE" != 0 ] && [ -f "$NODE" ]; then
    echo "zstd: large input ($(size_of "$NODE") bytes)"
    for opt in "-1" "-3" "--long=27 -3"; do
        # shellcheck disable=SC2086
        zstd -q -f -T2 $opt "$NODE" -o "$T/node.zst" || bad "zstd $opt node"
        check "$T/node.zst" "$NODE" "node $opt"
    done
    cat "$NODE" | zstd -q -c -1 -T2 > "$T/node.zst"
    check_stdin "$T/node.zst" "$NODE" "node piped -1"
    rm -f "$T/node.zst"
elif [ "$LARGE" != 0 ]; then
    echo "zstd: large input skipped ($NODE missing; run bench/fetch-node.sh)"
fi

echo "zstd: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
