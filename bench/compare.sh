#!/usr/bin/env bash
# Speed and memory of tpscore against baselines run side by side, reported as ratios.
#   bench/compare.sh [VENV]   (VENV holds tpscore and yamllint; default: the active environment)
# Baselines: `yamllint --version` for start-up; a bare PyYAML CSafeLoader load of the same file for
# a 20,000-touchpoint journey. Each figure is the median of 5 runs.
set -euo pipefail
bin=${1:+$1/bin/}
py=${bin}python
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$py" "$(dirname "$0")/make_journey.py" 20000 "$work/big.yaml"
cat > "$work/bare.py" <<'PY'
import sys, yaml
with open(sys.argv[1], encoding="utf-8") as handle:
    yaml.load(handle.read(), Loader=yaml.CSafeLoader)
PY

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
measure() {  # prints "seconds max_rss_kb" medians over 5 runs of the command
  local t m
  for _ in 1 2 3 4 5; do /usr/bin/time -f "%e %M" -o "$work/t" "$@" >/dev/null 2>&1 || true; cat "$work/t"; done > "$work/runs"
  t=$(cut -d' ' -f1 "$work/runs" | median); m=$(cut -d' ' -f2 "$work/runs" | median)
  echo "$t $m"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }

read -r y_t _ < <(measure "${bin}yamllint" --version)
read -r v_t _ < <(measure "${bin}tpscore" --version)
read -r b_t b_m < <(measure "$py" "$work/bare.py" "$work/big.yaml")
read -r val_t val_m < <(measure "${bin}tpscore" validate -q "$work/big.yaml")
read -r aud_t aud_m < <(measure "${bin}tpscore" audit -f json -o "$work/r.json" --fail-on never "$work/big.yaml")
echo "start-up: tpscore --version / yamllint --version            = $(ratio "$v_t" "$y_t")x"
echo "20k touchpoints, time: validate / bare CSafeLoader load       = $(ratio "$val_t" "$b_t")x"
echo "20k touchpoints, time: audit -f json / bare CSafeLoader load  = $(ratio "$aud_t" "$b_t")x"
echo "20k touchpoints, peak memory: validate / bare load           = $(ratio "$val_m" "$b_m")x"
echo "20k touchpoints, peak memory: audit -f json / bare load      = $(ratio "$aud_m" "$b_m")x"
