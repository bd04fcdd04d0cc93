#!/usr/bin/env bash
# Run the suite at each instant issue 10 names (ADR 35), on one database or both:
#   scripts/test_at_instants.sh [sqlite|postgres|both] [INSTANT...]
# Prints one line per instant and database with pytest's summary; exits non-zero if any failed.
set -uo pipefail
cd "$(dirname "$0")/.."
which="${1:-both}"; shift || true
instants=("$@")
if [ ${#instants[@]} -eq 0 ]; then
  instants=(
    2026-12-07T00:30:00+00:00   # 00:30 London
    2026-12-07T07:00:00+00:00   # 07:00
    2026-12-07T12:59:00+00:00   # 12:59
    2026-12-07T23:59:00+00:00   # 23:59
    2027-03-28T00:30:00+00:00   # clocks go forward at 01:00 GMT: half an hour before
    2027-03-28T03:00:00+01:00   # and after, in BST
    2027-10-31T00:30:00+01:00   # clocks go back at 02:00 BST: London's date is not UTC's
    2027-10-31T23:59:00+00:00   # the end of that day, in GMT
    2026-12-31T23:59:00+00:00   # the last minute of the year
    2027-01-01T00:30:00+00:00   # the first half hour of the next
    2028-02-29T00:30:00+00:00   # 29 February
    2028-02-29T12:00:00+00:00
  )
fi
case "$which" in both) databases=(sqlite postgres);; *) databases=("$which");; esac
status=0
for instant in "${instants[@]}"; do
  for database in "${databases[@]}"; do
    started=$(date +%s)
    log=$(mktemp)
    EUNOMIA_TEST_NOW="$instant" make --no-print-directory "test-$database" >"$log" 2>&1
    result=$?
    summary=$(grep -E "^[0-9]+ (passed|failed)|^=+ .*(passed|failed|error)" "$log" | tail -1)
    echo "$instant $database exit=$result $(( $(date +%s) - started ))s ${summary}"
    if [ $result -ne 0 ]; then status=1; grep -E "^(FAILED|ERROR) " "$log" | head -20; fi
    rm -f "$log"
  done
done
exit $status
