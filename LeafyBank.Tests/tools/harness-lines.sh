#!/usr/bin/env bash
# Counts the test harness's size, as issue #15 measures it: non-blank lines of every .cs file in
# LeafyBank.Tests that holds no [Fact]/[Theory] (fixtures, hosts, drivers, builders), leaving out
# pure test data and GlobalUsings.cs; then the whole test project's non-blank .cs lines.
# Usage: LeafyBank.Tests/tools/harness-lines.sh [--files]   (--files lists each harness file)
set -euo pipefail
cd "$(dirname "$0")/.."

is_test_data() {
  case "$1" in
    ./Core/Interop/TestData/*|./Core/Analytics/AnalyticsDataSet.cs|./Core/Position/RandomPositionData.cs|\
    ./Core/Position/PositionScenario.cs|./Sandbox/Data/SandboxInstants.cs|./GlobalUsings.cs) return 0 ;;
    *) return 1 ;;
  esac
}

harness=0 files=0
while IFS= read -r file; do
  is_test_data "$file" && continue
  grep -qE '\[(Fact|Theory)\b' "$file" && continue
  lines=$(grep -cv '^[[:space:]]*$' "$file" || true)
  harness=$((harness + lines)) files=$((files + 1))
  [ "${1:-}" = "--files" ] && printf '%6d %s\n' "$lines" "${file#./}"
done < <(find . -name '*.cs' -not -path './bin/*' -not -path './obj/*' -not -path './TestResults/*' | sort)

whole=$(find . -name '*.cs' -not -path './bin/*' -not -path './obj/*' -not -path './TestResults/*' -print0 \
  | xargs -0 cat | grep -cv '^[[:space:]]*$')
echo "harness: $harness non-blank lines in $files files"
echo "test project: $whole non-blank lines of C#"
