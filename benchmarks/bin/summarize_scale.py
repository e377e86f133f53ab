#!/usr/bin/env python3
"""Summarise results/scale.tsv (latest series per config and N) and results/idle.tsv."""
import re
import statistics
import sys
from collections import OrderedDict


def med(vals, fmt):
    vals = [float(v) for v in vals]
    return f"{fmt.format(statistics.median(vals))} ({fmt.format(min(vals))}–{fmt.format(max(vals))})"


def scale(path):
    series = OrderedDict()
    for line in open(path):
        if line.startswith("#") or not line.strip():
            continue
        f = line.rstrip("\n").split("\t")
        key = (int(f[1]), f[2])
        if f[3] in ("1", "-") or key not in series:
            series[key] = []
        series[key].append(f)
    print("| config | N | first spawn → all joined, s | spawn loop, s | process wall, s | peak RSS MiB | OS threads | tasks on virtual threads |")
    print("|---|---|---|---|---|---|---|---|")
    for (n, cfg), rows in sorted(series.items()):
        if rows[0][3] == "-":
            print(f"| `{cfg}` | {n:,} | {rows[0][4]} | | | | | |")
            continue
        kv = [dict(re.findall(r"(\w+)=(\S+)", "\t".join(r))) for r in rows]
        ok = [k for k in kv if "total_s" in k]
        if not ok:
            print(f"| `{cfg}` | {n:,} | FAILED ({len(rows)} runs; see logs) | | | | | |")
            continue
        print(f"| `{cfg}` | {n:,} | {med([k['total_s'] for k in ok], '{:.2f}')} | {med([k['spawn_s'] for k in ok], '{:.3f}')} | "
              f"{med([k['process_wall_s'] for k in ok], '{:.2f}')} | {med([k['peak_rss_mib'] for k in ok], '{:,.0f}')} | "
              f"{ok[-1]['os_threads']} | {ok[-1]['ran_virtual']} |" + (f" ({len(rows) - len(ok)} of {len(rows)} runs failed)" if len(ok) < len(rows) else ""))


if __name__ == "__main__":
    scale(sys.argv[1])
