#!/usr/bin/env bash
# The local-mode overhead of docs/spark.md: `regress` at N = 8,000 (Fashion-MNIST, depth-2 ReLU stack) on one machine
# and with --spark local[2], side by side, ROUNDS rounds; prints each run's wall time, each round's ratio and the
# medians. Needs the Debian package dataset-fashion-mnist and a built project (mvn -B -DskipTests package).
#
# Usage: docs/spark-overhead.sh [nngp|ntk] [ROUNDS] [cold|same|alternate]
#   nngp       the Cholesky-sized job (NNGP, --solver cholesky, with GP posterior variances); ntk: the CG-sized one
#   cold       a pause of PAUSE seconds (default 8) before every run: both routes start from the same memory state
#   same       each measured run right after an unmeasured run of the same route
#   alternate  single machine and Spark back to back (each run right after the other route's)
# On a VM whose balloon device reports free pages to its host, memory first touched costs several times more than
# memory a process freed a moment ago (measured in docs/spark.md), so the protocol matters; see there.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
kind="${1:-nngp}"
rounds="${2:-6}"
protocol="${3:-cold}"
pause="${PAUSE:-8}"
data=/usr/share/datasets/fashion-mnist
case "$kind" in
  nngp) args=(--kernel nngp --solver cholesky) ;;
  ntk) args=(--kernel ntk --solver cg --tolerance 1e-12) ;;
  *) echo "kind = $kind: expected nngp or ntk" >&2; exit 2 ;;
esac
case "$protocol" in
  cold|same|alternate) ;;
  *) echo "protocol = $protocol: expected cold, same or alternate" >&2; exit 2 ;;
esac
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || { echo "rounds = $rounds: expected a positive integer" >&2; exit 2; }
[ -f "$data/train-images-idx3-ubyte.gz" ] || { echo "$data is missing: apt-get install dataset-fashion-mnist" >&2; exit 1; }
out="$root/out/spark-overhead"
mkdir -p "$out"

# run ROUTE TAG: one regress run; prints its wall time in seconds
run() {
  local spark=()
  [ "$1" = spark ] && spark=(--spark 'local[2]')
  local s e
  s=$(date +%s%N)
  # (a failed run stops the loop: `run` is called in a command substitution, where set -e does not reach)
  if ! "$root/tangent4j" regress --train-x "$data/train-images-idx3-ubyte.gz" --train-y "$data/train-labels-idx1-ubyte.gz" \
      --test-x "$data/t10k-images-idx3-ubyte.gz" --test-y "$data/t10k-labels-idx1-ubyte.gz" --train-size 8000 \
      --test-size 2000 --preprocess unit --depth 2 --ridge 0.01 --memory 512m "${args[@]}" ${spark[@]+"${spark[@]}"} \
      --out "$out/$kind-$1-$2" > "$out/$kind-$1-$2.log" 2>&1; then
    echo "regress ($1, run $2) failed: see $out/$kind-$1-$2.log" >&2
    return 1
  fi
  e=$(date +%s%N)
  awk -v d=$((e - s)) 'BEGIN { printf "%.2f", d / 1e9 }'
}

# the launcher writes its class archives on the first run after a build: one unmeasured run of each route first
run single warmup > /dev/null
run spark warmup > /dev/null
ratios=()
singles=()
sparks=()
for i in $(seq "$rounds"); do
  declare -A t=()
  for route in single spark; do
    case "$protocol" in
      cold) sleep "$pause" ;;
      same) run "$route" "pre$i" > /dev/null ;;
      alternate) ;;
    esac
    t[$route]=$(run "$route" "$i")
  done
  ratio=$(awk -v a="${t[spark]}" -v b="${t[single]}" 'BEGIN { printf "%.3f", a / b }')
  echo "$(date -u +%H:%M:%S) round $i: single machine ${t[single]} s, --spark local[2] ${t[spark]} s, ratio $ratio"
  ratios+=("$ratio")
  singles+=("${t[single]}")
  sparks+=("${t[spark]}")
  unset t
done
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
echo "$kind, $protocol, $rounds rounds: median single machine $(median "${singles[@]}") s, --spark local[2]" \
     "$(median "${sparks[@]}") s, median ratio $(median "${ratios[@]}")"
