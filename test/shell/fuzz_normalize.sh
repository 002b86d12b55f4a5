#!/usr/bin/env bash
# Fuzzes the gate's normaliser and matcher (src/normalize.c) with libFuzzer
# under AddressSanitizer and UBSan for a bounded time (FUZZ_SECONDS, default
# 20). Fails on a crash, a sanitizer report, a leak or an input that takes
# longer than 5 s (a hang). Needs clang-14 and its libFuzzer runtime
# (scripts/ensure-deps.sh installs them).
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
secs=${FUZZ_SECONDS:-20}
cc=$(command -v clang-14 || command -v clang || true)
[ -n "$cc" ] || { echo "clang-14 not found"; exit 1; }
work=$(mktemp -d /tmp/aivalue-fuzz.XXXXXX)
trap 'rm -rf "$work"' EXIT
"$cc" -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -I"$top/src" "$top/test/fuzz/fuzz_normalize.c" "$top/src/normalize.c" \
    -licuuc -licui18n -o "$work/fuzz_normalize"
mkdir -p "$work/corpus"
cp "$top"/test/fuzz/corpus/* "$work/corpus/"
cd "$work"
# -timeout: one input over 5 s is a hang; -rss_limit_mb bounds memory.
if ./fuzz_normalize -max_total_time="$secs" -timeout=5 -rss_limit_mb=2048 \
        -max_len=16384 -print_final_stats=1 corpus >fuzz.log 2>&1; then
    tail -12 fuzz.log
    echo "fuzz_normalize: no crash, hang or leak in ${secs}s"
else
    tail -60 fuzz.log
    echo "fuzz_normalize: FAILED"
    exit 1
fi
