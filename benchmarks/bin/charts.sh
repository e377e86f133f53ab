#!/usr/bin/env bash
# Charts of the echo and HTTP results: benchmarks/bin/charts.sh [RESULTS_DIR]   (default: results/)
# Reads RESULTS_DIR/echo.tsv and RESULTS_DIR/http.tsv (whichever exist) and writes, with gnuplot,
# RESULTS_DIR/charts/{echo,http}-{throughput,cpu,syscalls,syscalls-breakdown}.png (clustered bars by
# server and connection count, from the clean runs only: other processes <= OTHER_MAX % of a CPU),
# the data and gnuplot scripts behind them, and RESULTS_DIR/charts/README.md with the image links; it
# prints the markdown to embed them in benchmarks/README.md. Called at the end of echo.sh and http.sh.
set -euo pipefail
BIN=$(cd "$(dirname "$0")" && pwd)
DIR=${1:-$BIN/../results}
if ! command -v gnuplot >/dev/null; then
    echo "installing gnuplot-nox (Debian) for the charts" >&2
    apt-get install -y -qq gnuplot-nox >/dev/null || { echo "gnuplot is missing and could not be installed" >&2; exit 1; }
fi
exec python3 "$BIN/charts.py" "$DIR"
