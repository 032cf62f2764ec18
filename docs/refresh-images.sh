#!/usr/bin/env bash
# Regenerates every picture in docs/images/ from the examples' default runs with the current code, so that a picture
# in the docs never shows an older program's output. Usage (from anywhere): docs/refresh-images.sh [EXAMPLE...]
# With no argument all examples run (about 10 minutes on 2 cores, fashion-mnist alone 5 min under load; it needs
# the Debian package dataset-fashion-mnist); each run's console output is kept next to its
# plots and tables in out/docs-images/<example>/ (console.txt), where the figures quoted in the docs can be read.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/out/docs-images"
images="$root/docs/images"
# example -> "produced.png:docs-name.png ..."
declare -A pictures=(
  [functional-gd]="linear-model-loss.png:linear-model-loss.png rkhs-fit.png:rkhs-fit.png rkhs-loss.png:rkhs-loss.png"
  [gp-posterior]="posterior-rbf.png:posterior-rbf.png posterior-nngp.png:posterior-nngp.png posterior-ntk.png:posterior-ntk.png prior-nngp.png:prior-nngp.png prior-ntk.png:prior-ntk.png"
  [random-features]="kernel-convergence.png:kernel-convergence.png equivalence.png:equivalence.png"
  [custom-architecture]="custom-architecture-kernel.png:custom-architecture-kernel.png"
  [custom-cost]="custom-cost.png:custom-cost.png"
  [infinite-width]="ntk-shapes.png:infinite-width-ntk-shapes.png nngp-shapes.png:infinite-width-nngp-shapes.png hermite-terms.png:hermite-terms.png"
  [kernel-drift]="kernel-drift.png:kernel-drift.png"
  [ntk-convergence]="ntk-convergence.png:ntk-convergence.png"
  [function-evolution]="function-evolution.png:function-evolution.png"
  [resnet-kernels]="resnet-kernels-depth.png:resnet-kernels-depth.png resnet-kernels-shapes.png:resnet-kernels-shapes.png"
  [fashion-mnist]="fashion-mnist.png:fashion-mnist.png"
  [cnn-kernels]="cnn-kernels.png:cnn-kernels.png cnn-kernels-convergence.png:cnn-kernels-convergence.png cnn-kernels-spatial.png:cnn-kernels-spatial.png"
)
order=(functional-gd gp-posterior random-features custom-architecture custom-cost infinite-width kernel-drift ntk-convergence function-evolution cnn-kernels resnet-kernels fashion-mnist)
if [ "$#" -gt 0 ]; then order=("$@"); fi
for example in "${order[@]}"; do
  [ -n "${pictures[$example]:-}" ] || { echo "refresh-images: unknown example '$example' (known: ${!pictures[*]})" >&2; exit 2; }
done
mkdir -p "$out" "$images"
for example in "${order[@]}"; do
  dir="$out/$example"
  rm -rf "$dir"
  mkdir -p "$dir"
  echo "refresh-images: $example (default settings) ..." >&2
  start=$(date +%s)
  "$root/tangent4j" "$example" --out-dir "$dir" > "$dir/console.txt"
  echo "  $(( $(date +%s) - start )) s; console output in ${dir#$root/}/console.txt" >&2
  for pair in ${pictures[$example]}; do
    cp "$dir/${pair%%:*}" "$images/${pair##*:}"
    echo "  docs/images/${pair##*:}" >&2
  done
done
