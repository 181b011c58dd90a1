#!/bin/sh
# run.sh BUILD SECONDS [NAME...] - run each fuzz harness (all of them, or
# those named) under libFuzzer for SECONDS, one at a time: BUILD/fuzzers/NAME
# as `make fuzz-build` made it. Each starts from a seed corpus copied from
# the project's fixtures (fuzz/seeds.sh) and its regression fixtures
# (tests/fuzz/NAME/) into build/fuzz-work/NAME/seeds; what it learns stays in
# build/fuzz-work/NAME/corpus for the next run, and what crashes lands in
# build/fuzz-work/NAME/crashes (crash-*, leak-*, timeout-*, oom-*), with the
# log in build/fuzz-work/NAME/log. Prints a line a harness: executions,
# executions a second, corpus size and crashes found; exits 1 if any crashed.
# Reproduce a crash with BUILD/fuzzers/NAME FILE, or with the sanitizer
# build's replay: build/asan/fuzz/NAME-replay FILE.
build=${1:?usage: run.sh BUILD SECONDS [NAME...]}
seconds=${2:?usage: run.sh BUILD SECONDS [NAME...]}
shift 2
cd "$(dirname "$0")/.." || exit 2
. fuzz/seeds.sh
work=build/fuzz-work
names=${*:-$(fuzz_harnesses)}
total=0
printf '%-15s %12s %9s %8s %8s\n' harness executions execs/s corpus crashes
for name in $names; do
    bin=$build/fuzzers/$name
    if [ ! -x "$bin" ]; then
        echo "run.sh: $bin is missing (make fuzz-build)" >&2
        exit 2
    fi
    dir=$work/$name
    rm -rf "$dir/seeds"
    mkdir -p "$dir/seeds" "$dir/corpus" "$dir/crashes"
    # Flatten the seeds into one directory, each under a unique name.
    i=0
    for p in $(fuzz_seeds "$name") tests/fuzz/$name; do
        [ -e "$p" ] || continue
        for f in $(find "$p" -type f | sort); do
            i=$((i + 1))
            cp "$f" "$dir/seeds/$i-$(basename "$f")"
        done
    done
    before=$(ls "$dir/crashes" | wc -l)
    dict=$(fuzz_dict "$name")
    # Sanitizer reports abort the run; leaks are checked after each input.
    ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}" \
    UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}" \
    "$bin" -max_total_time="$seconds" -max_len="$(fuzz_max_len "$name")" \
        -rss_limit_mb=2048 -timeout=25 -print_final_stats=1 \
        -artifact_prefix="$dir/crashes/" ${dict:+-dict=$dict} \
        "$dir/corpus" "$dir/seeds" >"$dir/log" 2>&1
    status=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/log" | tail -n 1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$dir/log" | tail -n 1)
    # libFuzzer's own count: the inputs (seeds and new ones) it keeps.
    corpus=$(grep -o 'corp: [0-9]*' "$dir/log" | tail -n 1 | sed 's/corp: //')
    found=$(( $(ls "$dir/crashes" | wc -l) - before ))
    # A run that stopped for any other reason (a harness that cannot start)
    # counts as a crash too, so that it is not mistaken for a clean one.
    [ "$status" -ne 0 ] && [ "$found" -eq 0 ] && found=1
    printf '%-15s %12s %9s %8s %8s\n' "$name" "${execs:-?}" "${rate:-?}" "$corpus" "$found"
    if [ "$found" -gt 0 ]; then
        grep -E 'ERROR: |SUMMARY: |invariant failed|runtime error' "$dir/log" | head -n 5 | sed 's/^/    /'
        ls -t "$dir/crashes" | head -n 3 | sed "s|^|    $dir/crashes/|"
    fi
    total=$((total + found))
done
echo "fuzz: $total crashes"
[ "$total" -eq 0 ]
