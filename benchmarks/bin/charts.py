#!/usr/bin/env python3
"""Charts of echo.tsv / http.tsv with gnuplot (run by bin/charts.sh RESULTS_DIR).

For each benchmark present: throughput, server CPU per operation and server syscalls per operation as
clustered bars (one cluster per connection count, one bar per server: the median, the error bar
min–max), and the syscalls per operation split by syscall (stacked bars). Only clean runs are used
(other processes ≤ OTHER_MAX % of a CPU, as in summarize.py); throughput and CPU come from the runs
without syscall counting, the syscall charts from the counted runs. Writes RESULTS_DIR/charts/*.png,
the .dat/.gp files behind them, and README.md with the image links."""
import os
import subprocess
import sys

sys.dont_write_bytecode = True  # no __pycache__ in bin/
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import summarize  # noqa: E402
from summarize import BREAKDOWN, OTHER_MAX, split, stats  # noqa: E402

BENCH_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# one colour per server, the same in every chart
COLOURS = {"green-agent": "#2e8b57", "green-agent-noobs": "#66c2a4", "green-lib-agent": "#99d8c9",
           "green-lib": "#b8e186", "virtual-1carrier": "#3465a4", "virtual": "#729fcf",
           "platform": "#888a85", "netty-epoll": "#cc0000", "netty-nio": "#ef7070"}
SPARE = ["#75507b", "#c17d11", "#edd400", "#4e9a06", "#204a87", "#5c3566"]
PART_COLOURS = ["#3465a4", "#cc0000", "#729fcf", "#ef7070", "#4e9a06", "#f57900", "#75507b", "#888a85"]
WHAT = {"echo": ("echo, 64-byte ping-pong", "round trip", "round trips/s"),
        "http": ("HTTP keep-alive hello world (wrk -t1)", "request", "requests/s")}


def colour(server, servers):
    if server in COLOURS:
        return COLOURS[server]
    return SPARE[[s for s in servers if s not in COLOURS].index(server) % len(SPARE)]


def human(v):
    return f"{v / 1000:.1f}k" if v >= 10000 else f"{v:.3g}" if v < 100 else f"{v:.0f}"


def terminal():
    out = subprocess.run(["gnuplot", "-e", "set terminal"], capture_output=True, text=True)
    text = out.stdout + out.stderr
    if "pngcairo" in text:
        return 'set terminal pngcairo noenhanced size 1100,600 font "DejaVu Sans,10"'
    return "set terminal png noenhanced size 1100,600"


def gnuplot(path_gp, script):
    with open(path_gp, "w") as f:
        f.write(script)
    subprocess.run(["gnuplot", path_gp], check=True, cwd=os.path.dirname(path_gp))


def clustered(charts, name, title, ylabel, conns, servers, values, fmt=human, yformat="%.0s%c"):
    """values[(conns, server)] = (median, min, max) or missing. One cluster per conns."""
    present = [s for s in servers if any((c, s) in values for c in conns)]
    if not present:
        return None
    dat = os.path.join(charts, name + ".dat")
    with open(dat, "w") as f:
        f.write("# conns\t" + "\t".join(f"{s}\t{s}_min\t{s}_max" for s in present) + "\n")
        for c in conns:
            cols = []
            for s in present:
                v = values.get((c, s))
                cols += [f"{x:.6g}" for x in v] if v else ["?", "?", "?"]
            f.write(f"C={c}\t" + "\t".join(cols) + "\n")
    n, gap = len(present), 1
    top = max(v[2] for v in values.values())
    plots, labels = [], []
    for i, s in enumerate(present):
        col = 2 + 3 * i
        plots.append(f"'{name}.dat' using {col}:{col + 1}:{col + 2}:xtic(1) title '{s}' lc rgb '{colour(s, servers)}'")
        # the median above each bar: bar i of cluster k is centred at k + (i - (n-1)/2) / (n + gap)
        for k, c in enumerate(conns):
            v = values.get((c, s))
            if v:
                x = k + (i - (n - 1) / 2) / (n + gap)
                place = "left rotate by 90 offset 0,0.5" if n > 4 else "center offset 0,0.7"
                labels.append(f"set label '{fmt(v[0])}' at {x:.4f},{v[2]} {place} font ',8'")
    script = f"""{terminal()}
set output '{name}.png'
set encoding utf8
set datafile separator "\\t"
set datafile missing "?"
set title "{title}"
set ylabel "{ylabel}"
set xlabel "connections"
set yrange [0:{top * (1.25 if n > 4 else 1.15):.6g}]
set xrange [-0.6:{len(conns) - 0.4}]
set format y "{yformat}"
set grid ytics lc rgb '#dddddd'
set key outside right top vertical title "server"
set style data histograms
set style histogram errorbars gap {gap} lw 1
set style fill solid 0.85 border rgb '#333333'
set boxwidth 0.9
set bars 0.5
{chr(10).join(labels)}
plot {", ".join(plots)}
"""
    gnuplot(os.path.join(charts, name + ".gp"), script)
    return name + ".png"


def stacked(charts, name, title, ylabel, conns, servers, parts):
    """parts[(conns, server)] = [median per op of each BREAKDOWN column]; one bar per (server, conns)."""
    keys = [(c, s) for c in conns for s in servers if (c, s) in parts]
    if not keys:
        return None
    dat = os.path.join(charts, name + ".dat")
    with open(dat, "w") as f:
        f.write("# bar\t" + "\t".join(h for _, h in BREAKDOWN) + "\ttotal\n")
        for c, s in keys:
            f.write(f"{s} C={c}\t" + "\t".join(f"{v:.4g}" for v in parts[(c, s)]) + f"\t{sum(parts[(c, s)]):.4g}\n")
    top = max(sum(v) for v in parts.values())
    plots = [f"'{name}.dat' using {2 + j}:xtic(1) title '{h}' lc rgb '{PART_COLOURS[j % len(PART_COLOURS)]}'"
             for j, (_, h) in enumerate(BREAKDOWN)]
    plots.append(f"'{name}.dat' using 0:{2 + len(BREAKDOWN)}:(sprintf('%.2f', ${2 + len(BREAKDOWN)})) "
                 "with labels offset 0,0.7 font ',8' notitle")
    script = f"""{terminal()}
set output '{name}.png'
set encoding utf8
set datafile separator "\\t"
set title "{title}"
set ylabel "{ylabel}"
set yrange [0:{top * 1.15:.6g}]
set grid ytics lc rgb '#dddddd'
set key outside right top vertical title "syscall"
set style data histograms
set style histogram rowstacked
set style fill solid 0.85 border rgb '#333333'
set boxwidth 0.7
set xtics rotate by -30 left
set bmargin 6
plot {", ".join(plots)}
"""
    gnuplot(os.path.join(charts, name + ".gp"), script)
    return name + ".png"


def charts_for(results, charts, bench):
    path = os.path.join(results, bench + ".tsv")
    if not os.path.exists(path):
        return [], []
    for f in os.listdir(charts):  # what an earlier run drew: a chart this run leaves out must not stay
        if f.startswith(bench + "-") and f.rsplit(".", 1)[-1] in ("png", "dat", "gp"):
            os.remove(os.path.join(charts, f))
    series = {k: v for k, v in summarize.load(path).items() if k[0] == bench}
    if not series:
        return [], []
    conns = sorted({k[1] for k in series})
    servers = list(dict.fromkeys(k[2] for k in series))
    what, op, unit = WHAT.get(bench, (bench, "op", "ops/s"))
    thr, cpu, sysop, parts, missing = {}, {}, {}, {}, []
    for (_, c, s), rows in series.items():
        (timed_all, timed_clean), (counted_all, counted_clean) = split(rows)
        if timed_clean:
            thr[(c, s)] = stats([r["rps"] for r in timed_clean])
            cpu[(c, s)] = stats([r["us_per_op"] for r in timed_clean])
        elif timed_all:
            missing.append(f"`{s}` C={c}: no clean timed run ({len(timed_all)} run(s) with other CPU > {OTHER_MAX:.0f} %)")
        if counted_clean:
            sysop[(c, s)] = stats([r["sys_per_op"] for r in counted_clean])
            parts[(c, s)] = [stats([r.get(k) or 0 for r in counted_clean])[0] for k, _ in BREAKDOWN]
        elif counted_all:
            missing.append(f"`{s}` C={c}: no clean syscall-counted run")
    made = [
        (clustered(charts, f"{bench}-throughput", f"{what}: throughput by server and connections (median of clean runs, bars min–max)",
                   unit, conns, servers, thr), f"{bench}: {unit}"),
        (clustered(charts, f"{bench}-cpu", f"{what}: server CPU per {op} (utime+stime; median of clean runs, bars min–max)",
                   f"server CPU µs per {op}", conns, servers, cpu, lambda v: f"{v:.2f}", "%g"), f"{bench}: server CPU µs per {op}"),
        (clustered(charts, f"{bench}-syscalls", f"{what}: server syscalls per {op} (perf stat raw_syscalls:sys_enter; clean counted runs)",
                   f"syscalls per {op}", conns, servers, sysop, lambda v: f"{v:.2f}", "%g"), f"{bench}: syscalls per {op}"),
        (stacked(charts, f"{bench}-syscalls-breakdown", f"{what}: server syscalls per {op} by syscall (median of clean counted runs)",
                 f"syscalls per {op}", conns, servers, parts), f"{bench}: syscalls per {op} by syscall"),
    ]
    return [(png, alt) for png, alt in made if png], missing


def main(results):
    results = os.path.abspath(results)
    charts = os.path.join(results, "charts")
    os.makedirs(charts, exist_ok=True)
    rel = os.path.relpath(charts, BENCH_DIR) if charts.startswith(BENCH_DIR + os.sep) else charts
    readme = [f"# Charts of `{os.path.basename(results)}`", "",
              f"Drawn by `benchmarks/bin/charts.sh` from `echo.tsv` / `http.tsv` in this directory: clean runs only "
              f"(other processes ≤ {OTHER_MAX:.0f} % of a CPU); throughput and CPU from the runs without syscall counting, "
              "syscalls from the counted runs (`perf stat`). Bars: median; error bars: min–max.", ""]
    snippet = []
    any_chart = False
    for bench in ("echo", "http"):
        made, missing = charts_for(results, charts, bench)
        if not made and not missing:
            continue
        any_chart = any_chart or bool(made)
        readme += [f"## {bench}", ""]
        for png, alt in made:
            readme += [f"![{alt}]({png})", ""]
            snippet.append(f"![{alt}]({rel}/{png})")
        if missing:
            readme += ["Left out (no clean run):", ""] + [f"- {m}" for m in missing] + [""]
            for m in missing:
                print(f"charts: left out {bench} {m}", file=sys.stderr)
    if not any_chart:
        print(f"charts: no clean echo/http results in {results}", file=sys.stderr)
    with open(os.path.join(charts, "README.md"), "w") as f:
        f.write("\n".join(readme))
    if snippet:
        print(f"\nCharts in {charts} (README.md there); to embed them in benchmarks/README.md:\n")
        print("\n\n".join(snippet))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(BENCH_DIR, "results"))
