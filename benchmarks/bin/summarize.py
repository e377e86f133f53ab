#!/usr/bin/env python3
"""Summarise results/echo.tsv or results/http.tsv: medians (min-max) per server, the syscalls per
operation, and the ratio of each green configuration against every alternative. For each (bench,
conns, server) only the latest series is used (from the last line with run == 1 on).

Rows with the syscall columns filled (sys_per_op) come from runs with the server's syscalls counted
(bin/lib.sh, SYSCALLS=extra: one such run after the timed ones); they give the syscall figures and are
left out of the throughput, latency and CPU medians whenever runs without counting exist. Files from
before those columns (15 columns, or 14 without "other") summarise as before, without syscalls."""
import os
import statistics
import sys
from collections import OrderedDict

sys.dont_write_bytecode = True  # no __pycache__ in bin/
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from syscalls import SYS_COLS  # noqa: E402

OTHER_MAX = float(os.environ.get("OTHER_MAX", 20))
COLS = ["bench", "conns", "server", "run", "rps", "p50", "p99", "us_per_op", "srv_cpu", "load_cpu", "errors",
        "rss", "threads", "date", "other"] + SYS_COLS
# syscall columns shown in the breakdown table: (column, header)
BREAKDOWN = [("read_op", "read"), ("write_op", "write"), ("recvfrom_op", "recvfrom"), ("sendto_op", "sendto"),
             ("epoll_wait_op", "epoll_wait"), ("epoll_ctl_op", "epoll_ctl"), ("futex_op", "futex"),
             ("other_sys_op", "other")]


def load(path):
    series = OrderedDict()
    for line in open(path):
        if line.startswith("#") or not line.strip():
            continue
        fields = line.rstrip("\n").split("\t")
        if len(fields) < 9:
            continue
        row = {k: v for k, v in zip(COLS, fields)}
        key = (row["bench"], int(row["conns"]), row["server"])
        if row["run"] == "1" or key not in series:
            series[key] = []
        series[key].append(row)
    return series


def has(row, col):
    return row.get(col) not in (None, "")


def is_clean(row):
    return not has(row, "other") or float(row["other"]) <= OTHER_MAX


def split(rows):
    """-> (timed, counted): the runs for throughput/latency/CPU, and the runs with syscall counts.
    Each as (all, clean)."""
    counted = [r for r in rows if has(r, "sys_per_op")]
    timed = [r for r in rows if not has(r, "sys_per_op")] or rows
    return (timed, [r for r in timed if is_clean(r)]), (counted, [r for r in counted if is_clean(r)])


def stats(values):
    """-> (median, min, max) of the numbers in values."""
    values = [float(v) for v in values]
    return statistics.median(values), min(values), max(values)


def cell(values, fmt="{:,.0f}"):
    med, lo, hi = stats(values)
    return med, f"{fmt.format(med)} ({fmt.format(lo)}–{fmt.format(hi)})" if len(values) > 1 else fmt.format(med)


def detail(rows, top=6):
    """The largest syscalls per op of the last run's sys_detail, e.g. 'read 1.00, write 1.00, …'."""
    d = rows[-1].get("sys_detail") or ""
    parts = [p.split("=") for p in d.split(",") if "=" in p]
    return ", ".join(f"{n} {float(v):.2f}" for n, v in parts[:top]) or "–"


def ratio(a, b):
    return f"{a / b:.2f}×" if a is not None and b else "n/a"


def main(path):
    series = load(path)
    by_conns = OrderedDict()
    for (bench, conns, server), rows in series.items():
        by_conns.setdefault((bench, conns), []).append((server, rows))
    for (bench, conns), servers in sorted(by_conns.items()):
        unit = "round trips/s" if bench == "echo" else "requests/s"
        op = "round trip" if bench == "echo" else "request"
        print(f"\n### {bench}, {conns} connections (median (min–max) of the clean runs: other processes ≤ {OTHER_MAX:.0f} % of a CPU)\n")
        print(f"| server | {unit} | p50 µs | p99 µs | server CPU µs/op | server CPU % | load CPU % | errors | RSS MiB | threads | other CPU % | clean / all runs | syscalls/op |")
        print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
        med = {}
        sys_tables = []
        for server, rows in servers:
            (timed_all, timed_clean), (counted_all, counted_clean) = split(rows)
            # runs with other processes busy (> OTHER_MAX % of a CPU) are left out when clean ones exist
            t = timed_clean or timed_all
            rps, rps_s = cell([r["rps"] for r in t])
            _, p50 = cell([r["p50"] for r in t])
            _, p99 = cell([r["p99"] for r in t])
            cpu, cpu_s = cell([r["us_per_op"] for r in t], "{:.2f}")
            _, sc = cell([r["srv_cpu"] for r in t])
            _, lc = cell([r["load_cpu"] for r in t])
            errs = sum(max(0, int(float(r["errors"]))) for r in t)
            failed = sum(1 for r in t if float(r["errors"]) < 0)
            _, rss = cell([r.get("rss") or 0 for r in t])
            thr = t[-1].get("threads") or "?"
            others = [r["other"] for r in t if has(r, "other")]
            oth = cell(others)[1] if others else "n/a"
            c = counted_clean or counted_all
            sysop, sys_s = cell([r["sys_per_op"] for r in c], "{:.2f}") if c else (None, "–")
            med[server] = (rps, cpu, sysop)
            note = f"{errs}" + (f" ({failed} runs failed)" if failed else "")
            print(f"| `{server}` | {rps_s} | {p50} | {p99} | {cpu_s} | {sc} | {lc} | {note} | {rss} | {thr} | {oth} | "
                  f"{len(timed_clean)} / {len(timed_all)} | {sys_s}{'' if counted_clean or not c else ' (not clean)'} |")
            if c:
                cols = [cell([r.get(k) or 0 for r in c], "{:.2f}")[1] for k, _ in BREAKDOWN]
                _, crps = cell([r["rps"] for r in c])
                _, ccpu = cell([r["us_per_op"] for r in c], "{:.2f}")
                sys_tables.append(f"| `{server}` | {sys_s} | {' | '.join(cols)} | {detail(c)} | {crps} | {ccpu} | "
                                  f"{len(counted_clean)} / {len(counted_all)} |")
        if sys_tables:
            print(f"\nSyscalls per {op} of the server ({bench}, {conns} conns), counted over the run(s) with "
                  f"`perf stat` (or `strace -c`) attached; {unit} and CPU µs/op of those runs, which counting slows.\n")
            print(f"| server | syscalls/op | {' | '.join(h for _, h in BREAKDOWN)} | largest (per op) | {unit} counted | CPU µs/op counted | clean / all |")
            print("|---|---|" + "---|" * len(BREAKDOWN) + "---|---|---|---|")
            print("\n".join(sys_tables))
        greens = [s for s in med if s.startswith("green")]
        others = [s for s in med if not s.startswith("green")]
        if greens and others:
            print(f"\nRatios ({bench}, {conns} conns): green ÷ alternative. Throughput > 1 = green faster; CPU/op and syscalls/op < 1 = green cheaper.\n")
            print("| green config | vs | throughput ratio | CPU/op ratio | syscalls/op ratio |")
            print("|---|---|---|---|---|")
            for g in greens:
                for o in others:
                    print(f"| `{g}` | `{o}` | {ratio(med[g][0], med[o][0])} | {ratio(med[g][1], med[o][1])} | {ratio(med[g][2], med[o][2])} |")


if __name__ == "__main__":
    for p in sys.argv[1:]:
        main(p)
