#!/usr/bin/env python3
"""Summarise results/echo.tsv or results/http.tsv: medians (min-max) per server and the ratio of
each green configuration against every alternative. For each (bench, conns, server) only the
latest series is used (from the last line with run == 1 on)."""
import os
import statistics
import sys
from collections import OrderedDict

OTHER_MAX = float(os.environ.get("OTHER_MAX", 20))
COLS = ["bench", "conns", "server", "run", "rps", "p50", "p99", "us_per_op", "srv_cpu", "load_cpu", "errors", "rss", "threads", "date", "other"]


def load(path):
    series = OrderedDict()
    for line in open(path):
        if line.startswith("#") or not line.strip():
            continue
        row = dict(zip(COLS, line.rstrip("\n").split("\t")))
        key = (row["bench"], int(row["conns"]), row["server"])
        if row["run"] == "1" or key not in series:
            series[key] = []
        series[key].append(row)
    return series


def cell(values, fmt="{:,.0f}"):
    values = [float(v) for v in values]
    med = statistics.median(values)
    return med, f"{fmt.format(med)} ({fmt.format(min(values))}–{fmt.format(max(values))})"


def main(path):
    series = load(path)
    by_conns = OrderedDict()
    for (bench, conns, server), rows in series.items():
        by_conns.setdefault((bench, conns), []).append((server, rows))
    for (bench, conns), servers in sorted(by_conns.items()):
        unit = "round trips/s" if bench == "echo" else "requests/s"
        print(f"\n### {bench}, {conns} connections (median (min–max) of the clean runs: other processes ≤ {OTHER_MAX:.0f} % of a CPU)\n")
        print(f"| server | {unit} | p50 µs | p99 µs | server CPU µs/op | server CPU % | load CPU % | errors | RSS MiB | threads | other CPU % | clean / all runs |")
        print("|---|---|---|---|---|---|---|---|---|---|---|---|")
        med = {}
        for server, all_rows in servers:
            # runs with other processes busy (> OTHER_MAX % of a CPU) are left out when clean ones exist
            rows = [r for r in all_rows if r.get("other") in (None, "") or float(r["other"]) <= OTHER_MAX] or all_rows
            rps, rps_s = cell([r["rps"] for r in rows])
            _, p50 = cell([r["p50"] for r in rows])
            _, p99 = cell([r["p99"] for r in rows])
            cpu, cpu_s = cell([r["us_per_op"] for r in rows], "{:.2f}")
            _, sc = cell([r["srv_cpu"] for r in rows])
            _, lc = cell([r["load_cpu"] for r in rows])
            errs = sum(max(0, int(float(r["errors"]))) for r in rows)
            failed = sum(1 for r in rows if float(r["errors"]) < 0)
            _, rss = cell([r["rss"] or 0 for r in rows])
            thr = rows[-1]["threads"]
            others = [r.get("other") for r in rows if r.get("other") not in (None, "")]
            oth = cell(others)[1] if others else "n/a"
            med[server] = (rps, cpu)
            note = f"{errs}" + (f" ({failed} runs failed)" if failed else "")
            print(f"| `{server}` | {rps_s} | {p50} | {p99} | {cpu_s} | {sc} | {lc} | {note} | {rss} | {thr} | {oth} | {len(rows) if rows is not all_rows else 0} / {len(all_rows)} |")
        greens = [s for s in med if s.startswith("green")]
        others = [s for s in med if not s.startswith("green")]
        if greens and others:
            print(f"\nRatios ({bench}, {conns} conns): green ÷ alternative. Throughput > 1 = green faster; CPU/op < 1 = green cheaper.\n")
            print("| green config | vs | throughput ratio | CPU/op ratio |")
            print("|---|---|---|---|")
            for g in greens:
                for o in others:
                    tr = med[g][0] / med[o][0] if med[o][0] else float("nan")
                    cr = med[g][1] / med[o][1] if med[o][1] else float("nan")
                    print(f"| `{g}` | `{o}` | {tr:.2f}× | {cr:.2f}× |")


if __name__ == "__main__":
    for p in sys.argv[1:]:
        main(p)
