#!/usr/bin/env python3
"""Syscalls per operation from one counting window, for the .tsv columns of echo.sh / http.sh.

    syscalls.py perf|strace FILE OPS

FILE is `perf stat -x,` output (raw_syscalls:sys_enter for the total, syscalls:sys_enter_NAME for the
breakdown) or `strace -c -f` output. Prints, tab-separated, the columns SYS_COLS below (per operation;
the last one, sys_detail, lists every syscall seen as name=per_op, largest first). Prints as many empty
fields when the file has no usable counts, so the row keeps its shape."""
import re
import sys

# The .tsv columns after the first 15 (summarize.py's COLS); keep in step with it.
SYS_COLS = ["sys_per_op", "read_op", "write_op", "recvfrom_op", "sendto_op", "epoll_wait_op",
            "epoll_ctl_op", "futex_op", "other_sys_op", "sys_detail"]
# column -> the syscalls it adds up (the rest of the total is other_sys_op)
GROUPS = {
    "read_op": ["read", "readv", "pread64"],
    "write_op": ["write", "writev", "pwrite64"],
    "recvfrom_op": ["recvfrom", "recvmsg"],
    "sendto_op": ["sendto", "sendmsg"],
    "epoll_wait_op": ["epoll_wait", "epoll_pwait", "epoll_pwait2"],
    "epoll_ctl_op": ["epoll_ctl"],
    "futex_op": ["futex"],
}


def parse_perf(text):
    total, counts = None, {}
    for line in text.splitlines():
        f = line.split(",")
        if len(f) < 3 or line.startswith("#"):
            continue
        value, event = f[0], f[2]
        if value.startswith("<not supported>"):
            continue
        n = 0 if value.startswith("<not counted>") else int(float(value))
        if event == "raw_syscalls:sys_enter":
            total = n
        elif event.startswith("syscalls:sys_enter_"):
            counts[event[len("syscalls:sys_enter_"):]] = n
    return total, counts


def parse_strace(text):
    counts = {}
    for line in text.splitlines():
        f = line.split()
        # % time, seconds, usecs/call, calls, [errors], syscall
        if len(f) >= 5 and re.fullmatch(r"[\d.]+", f[0]) and f[-1] != "total":
            counts[f[-1]] = counts.get(f[-1], 0) + int(f[3])
    return (sum(counts.values()) if counts else None), counts


def columns(tool, text, ops):
    total, counts = (parse_perf if tool == "perf" else parse_strace)(text)
    if total is None or ops <= 0:
        return [""] * len(SYS_COLS)
    out = [f"{total / ops:.3f}"]
    grouped = 0
    for col in SYS_COLS[1:8]:
        n = sum(counts.get(s, 0) for s in GROUPS[col])
        grouped += n
        out.append(f"{n / ops:.3f}")
    out.append(f"{max(0, total - grouped) / ops:.3f}")
    listed = sum(counts.values())
    detail = sorted(((n, s) for s, n in counts.items() if n), reverse=True)
    parts = [f"{s}={n / ops:.4f}" for n, s in detail]
    if total > listed:  # perf: syscalls without their own event in the list
        parts.append(f"unlisted={(total - listed) / ops:.4f}")
    out.append(",".join(parts) or "-")
    return out


if __name__ == "__main__":
    tool, path, ops = sys.argv[1], sys.argv[2], float(sys.argv[3] or 0)
    try:
        text = open(path).read()
    except OSError:
        text = ""
    print("\t".join(columns(tool, text, ops)))
