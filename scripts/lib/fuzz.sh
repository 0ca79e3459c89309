# The sanitized clang build and the libFuzzer targets of tests/fuzz, for scripts/test and
# scripts/fuzz. Sourced after scripts/lib/setup.sh, not run.

SANITIZED_BUILD=build-asan

# The fuzz targets: one per tests/fuzz/<name>.cpp.
fuzz_targets() {
  local f
  for f in "$ROOT"/tests/fuzz/*.cpp; do basename "$f" .cpp; done
}

# Configures and builds build-asan with clang: ASan+UBSan and libFuzzer's coverage on every
# library, the unit tests, the server and the fuzz targets. A folder another compiler configured is
# started afresh (CMake keeps the compiler of its first configure).
build_sanitized() {
  local dir="$ROOT/$SANITIZED_BUILD"
  if [ -f "$dir/CMakeCache.txt" ] && ! grep -q '^CMAKE_CXX_COMPILER:[A-Z]*=.*clang++' "$dir/CMakeCache.txt"; then
    log "$SANITIZED_BUILD was configured with another compiler: starting it afresh with clang"
    rm -rf "$dir"
  fi
  CXX=clang++ build_project "$SANITIZED_BUILD" -DVARLET_FUZZ=ON -DVARLET_BUILD_BENCHMARKS=OFF
}

# Fills folder $2 with links to the seeds of target $1, leaving out pending-* files: reproducers
# of bugs that are being fixed elsewhere, which would fail every run until then.
fuzz_seeds() {
  local target=$1 out=$2 seed
  mkdir -p "$out"
  for seed in "$ROOT/tests/fuzz/corpus/$target"/*; do
    [ -f "$seed" ] || continue
    case "$(basename "$seed")" in pending-*) continue ;; esac
    ln -sf "$seed" "$out/"
  done
}

# fuzz_run TARGET SECONDS WORKDIR ARTIFACTS LOG: fuzzes TARGET for SECONDS from its seeds, writing
# new inputs to WORKDIR and a failing input under ARTIFACTS (a folder); libFuzzer's output goes to
# LOG. Fails on a crash, a leak, undefined behaviour, an input slower than 10 s or 2 GB of memory.
fuzz_run() {
  local target=$1 seconds=$2 work=$3 artifacts=$4 log_file=$5
  local bin="$ROOT/$SANITIZED_BUILD/fuzz/$target" dict="$ROOT/tests/fuzz/$target.dict"
  local seeds; seeds=$(mktemp -d)
  fuzz_seeds "$target" "$seeds"
  mkdir -p "$work" "$artifacts"
  local options=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
                 -artifact_prefix="$artifacts/")
  [ -f "$dict" ] && options+=(-dict="$dict")
  local rc=0
  UBSAN_OPTIONS=print_stacktrace=1 "$bin" "${options[@]}" "$work" "$seeds" >"$log_file" 2>&1 || rc=$?
  rm -rf "$seeds"
  return $rc
}

# One line for a finished run: executions, executions per second, coverage, and what ended it.
fuzz_summary() {
  local target=$1 log_file=$2 rc=$3
  local runs speed cov result
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log_file" | tail -n 1)
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log_file" | tail -n 1)
  cov=$(grep -o 'cov: [0-9]*' "$log_file" | tail -n 1 | cut -d' ' -f2)
  if [ "$rc" = 0 ]; then result=ok
  elif grep -q 'ERROR: LeakSanitizer' "$log_file"; then result="FAILED: leak"
  elif grep -q 'runtime error:' "$log_file"; then result="FAILED: undefined behaviour"
  elif grep -q 'ERROR: AddressSanitizer' "$log_file"; then result="FAILED: memory error"
  elif grep -q 'ERROR: libFuzzer: timeout' "$log_file"; then result="FAILED: timeout (an input took over 10 s)"
  elif grep -q 'ERROR: libFuzzer: out-of-memory' "$log_file"; then result="FAILED: out of memory"
  else result="FAILED: crash (exit $rc)"
  fi
  printf '%-16s %10s runs %8s exec/s  cov %6s  %s\n' "$target" "${runs:-?}" "${speed:-?}" "${cov:-?}" "$result"
}

# Where a failing run left its input.
fuzz_artifact() {
  sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$1" | tail -n 1
}

# Fuzzes every target for $1 seconds, two at a time (one per core), with new inputs kept in a
# temporary folder; prints a line per target, and the end of libFuzzer's output for a failure,
# whose input is kept in build-asan/fuzz-artifacts/<target>/. Fails when any target failed.
fuzz_all() {
  local seconds=$1 dir target rc status=0
  dir=$(mktemp -d)
  for target in $(fuzz_targets); do
    while [ "$(jobs -rp | wc -l)" -ge 2 ]; do wait -n || true; done
    { rc=0; fuzz_run "$target" "$seconds" "$dir/work/$target" "$dir/artifacts/$target" "$dir/$target.log" || rc=$?
      echo "$rc" >"$dir/$target.rc"; } &
  done
  wait
  for target in $(fuzz_targets); do
    rc=$(cat "$dir/$target.rc")
    fuzz_summary "$target" "$dir/$target.log" "$rc" >&2
    [ "$rc" = 0 ] && continue
    status=1
    tail -n 60 "$dir/$target.log" >&2
    local artifact kept="$ROOT/$SANITIZED_BUILD/fuzz-artifacts/$target"
    artifact=$(fuzz_artifact "$dir/$target.log")
    if [ -n "$artifact" ]; then
      mkdir -p "$kept" && cp "$artifact" "$kept/"
      log "$target: the failing input is $kept/$(basename "$artifact"); scripts/fuzz $target tells how to keep it as a regression input"
    fi
  done
  local pending
  pending=$(cd "$ROOT" && compgen -G "tests/fuzz/corpus/*/pending-*" || true)
  [ -z "$pending" ] || log "left out of fuzzing until their fixes land: $(echo $pending)"
  rm -rf "$dir"
  return $status
}
