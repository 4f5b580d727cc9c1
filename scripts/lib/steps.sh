# shellcheck shell=bash
# Step timing for scripts/test.sh and .ci/run (sourced). `step NAME` starts a step and ends the
# one before; on exit, pass or fail, a table of each step's time and the total. `RUNNER |
# count_tests` passes a test runner's output through and adds up its counts (cargo-nextest,
# cargo test, node --test); the outermost script ends with "tests: N passed, M failed".
#
#   STEPS_TITLE   the table's heading (default "time")
STEPS_T0=$SECONDS
STEPS_NAMES=()
STEPS_SECS=()
STEP_NAME=""
STEP_START=$SECONDS
if [ -z "${TEST_COUNTS_FILE:-}" ]; then
  TEST_COUNTS_FILE="$(mktemp "${TMPDIR:-/tmp}/test-counts-XXXXXX")"
  export TEST_COUNTS_FILE
  STEPS_OWN_COUNTS=1
fi
if [ -t 1 ]; then STEPS_BOLD=$'\033[1;32m'; STEPS_OFF=$'\033[0m'; else STEPS_BOLD=""; STEPS_OFF=""; fi

steps_end() {
  if [ -n "$STEP_NAME" ]; then
    STEPS_NAMES+=("$STEP_NAME")
    STEPS_SECS+=($((SECONDS - STEP_START)))
    STEP_NAME=""
  fi
}

step() {
  steps_end
  STEP_NAME="$*"
  STEP_START=$SECONDS
  printf '\n%s==> %s%s\n' "$STEPS_BOLD" "$*" "$STEPS_OFF"
}

steps_mmss() { printf '%dm%02ds' $(($1 / 60)) $(($1 % 60)); }

count_tests() {
  awk -v out="$TEST_COUNTS_FILE" '
    { print; fflush() }
    / tests run: / || /^test result: / {   # cargo-nextest summary, cargo test (libtest)
      for (i = 2; i <= NF; i++) {
        if ($i ~ /^passed[;,]?$/) p += $(i - 1)
        if ($i ~ /^failed[;,]?$/) f += $(i - 1)
      }
    }
    $1 ~ /^(ℹ|#)$/ && $2 == "pass" { p += $3 }   # node --test (spec or tap reporter)
    $1 ~ /^(ℹ|#)$/ && $2 == "fail" { f += $3 }
    END { print p + 0, f + 0 >> out }'
}

steps_summary() {
  local rc=$? i passed failed
  steps_end
  printf '\n%s==> %s, step by step%s\n' "$STEPS_BOLD" "${STEPS_TITLE:-time}" "$STEPS_OFF"
  for i in "${!STEPS_NAMES[@]}"; do
    printf '%9s  %s\n' "$(steps_mmss "${STEPS_SECS[$i]}")" "${STEPS_NAMES[$i]}"
  done
  printf '%9s  total%s\n' "$(steps_mmss $((SECONDS - STEPS_T0)))" "$([ "$rc" -eq 0 ] || echo " (stopped: exit $rc)")"
  if [ -n "${STEPS_OWN_COUNTS:-}" ]; then
    read -r passed failed < <(awk '{ p += $1; f += $2 } END { print p + 0, f + 0 }' "$TEST_COUNTS_FILE")
    rm -f "$TEST_COUNTS_FILE"
    echo "tests: $passed passed, $failed failed"
  fi
  exit "$rc"
}
trap steps_summary EXIT
