#!/usr/bin/env python3
"""Benchmark the `lblint` command line: throughput, startup and scaling.

What is measured, in one run (wall-clock time of whole processes, as a user sees it):

1. Throughput against check-jsonschema. A corpus of request files (10,000 by default) is
   generated in a temporary directory: a mix of the three operations (Huawei
   CreateMasterSlavePool 35 %, Huawei CreateMember 40 %, Alibaba CreateMasterSlaveServerGroup
   25 %), about one in five invalid, built from the requests in benches/requests/ with names,
   ports, addresses, identifiers, algorithms and formatting varied per file, so no two files are
   the same. Then
     - `lblint check FILE...` over all files in one invocation (operation inferred), as a user
       runs it;
     - `lblint check --operation OP FILE...`, one invocation per operation;
     - `check-jsonschema --schemafile schemas/OP.schema.json FILE...`, one invocation per
       operation (it takes one schema per invocation), times summed.
   When the paths do not fit on one command line (ARG_MAX), both tools get the same batches.
   Each variant runs once to warm the page cache, then the median of several repetitions is
   taken (5 for lblint, 3 for check-jsonschema), of the wall time and of the CPU time (user +
   system, all threads; less sensitive to other jobs on a shared machine). Output goes to
   /dev/null. The exit statuses are recorded, and an untimed run of each tool with JSON output
   checks that it read every file and flagged exactly the invalid ones (each invalid file
   carries at least one defect that the JSON Schema can express: a port, weight or delay out
   of range, an address that is not an IP address, a reserved tag key), so both tools did the
   same job.
2. Startup: `lblint --version` and `lblint check benches/requests/member-valid.json`, median
   over 200 runs each, timed with time.perf_counter_ns() around subprocess.run(). The cost of
   spawning /bin/true the same way is measured alongside (the runs are interleaved) and
   subtracted for scale. The requirement is under 5 ms.
3. Scaling, with least-squares lines (slope, intercept, R²):
     a. members: one Huawei pool request with 1, 100, ..., 1000 members (all checked), and
        1000 ... 20,000 members (lblint checks the first 1000 elements of an array and only
        parses the rest). The request has one master and the rest slaves, so it reports the
        same two or three diagnostics at every size.
     b. files: `lblint check` over the first 1,000, 2,000, ..., 10,000 files of the corpus.
   Each point is the median of many runs (41 and 9), the points taking turns, so that a slow
   moment of the machine does not bend one part of a line.
   The plots are SVG files drawn by this script: scaling-members.svg and scaling-files.svg.

Nothing here fails on a timing: requirements are printed as "met" or "NOT met". The script
exits non-zero only when a tool cannot be run or does not check the files (exit status 2 or
more, unreadable files, a crash).

Usage (from anywhere; paths default relative to the repository):

    cargo build --release
    python3 -m venv /tmp/cj && /tmp/cj/bin/pip install check-jsonschema   # if not installed
    python3 benches/cli.py --check-jsonschema /tmp/cj/bin/check-jsonschema \\
        --json benches/results/cli.json                # full run, several minutes
    python3 benches/cli.py --quick --no-check-jsonschema   # smoke run for CI, seconds

Options:
    --lblint PATH             the binary (default: target/release/lblint)
    --check-jsonschema PATH   default: `check-jsonschema` on PATH, else /tmp/cj/bin/...
    --no-check-jsonschema     skip the comparison (check-jsonschema need not be installed)
    --quick                   500 files, fewer points and repetitions; results go to
                              target/bench-cli-quick/ unless --results is given, so a smoke
                              run never overwrites the committed figures
    --files N                 corpus size (default 10,000; 500 with --quick)
    --results DIR             where the SVGs go (default benches/results/)
    --json FILE               write every raw measurement (nanoseconds) and the machine
    --seed N                  corpus seed (default 1)

Standard library only (Python 3.11); check-jsonschema is the only thing to pip-install. It
needs no network here: the schemas have no remote $ref and it ships the draft 2020-12
metaschema (checked in a network namespace with nothing but loopback).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Sequence
from xml.sax.saxutils import escape

REPO = Path(__file__).resolve().parent.parent
REQUESTS = REPO / "benches" / "requests"
SCHEMAS = REPO / "schemas"

# Short corpus names -> operation ids; the mix of the corpus.
OPERATIONS = {
    "pool": "huaweicloud.elb.v3.CreateMasterSlavePool",
    "member": "huaweicloud.elb.v3.CreateMember",
    "aliyun": "aliyun.slb.CreateMasterSlaveServerGroup",
}
MIX = {"pool": 0.35, "member": 0.40, "aliyun": 0.25}
INVALID_SHARE = 0.2
STARTUP_LIMIT_MS = 5.0
RATIO_REQUIRED, RATIO_TARGET = 20.0, 50.0


# --------------------------------------------------------------------------------------------
# The corpus


@dataclass(frozen=True)
class CorpusFile:
    name: str  # relative to the corpus directory
    kind: str  # a key of OPERATIONS
    invalid: bool


def private_ipv4(rng: random.Random) -> str:
    return f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(2, 255)}"


def not_an_address(rng: random.Random) -> str:
    """An address check-jsonschema's `ipv4` format and lblint both reject."""
    return rng.choice([
        f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(256, 999)}",
        f"10.{rng.randrange(256)}.{rng.randrange(256)}",
        f"web-{rng.randrange(100)}.internal",
    ])


def uid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def alnum(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(n))


def huawei_member(rng: random.Random, i: int, invalid: bool) -> dict:
    """Huawei CreateMember, after benches/requests/member-*.json."""
    base = json.loads((REQUESTS / "member-valid.json").read_text())["member"]
    member = {
        "name": f"{rng.choice(['web', 'api', 'cache', 'db'])}-{i}",
        "address": private_ipv4(rng),
        "protocol_port": rng.choice([80, 443, 8080, rng.randrange(1024, 65536)]),
        "subnet_cidr_id": uid(rng) if rng.random() < 0.8 else base["subnet_cidr_id"],
        "weight": rng.randrange(0, 101),
    }
    for optional in ("name", "weight"):
        if rng.random() < 0.2:
            del member[optional]
    if invalid:
        defects = rng.sample(["address", "port", "weight"], rng.randint(1, 3))
        if "address" in defects:
            member["address"] = not_an_address(rng)
        if "port" in defects:
            member["protocol_port"] = rng.choice([0, rng.randrange(65536, 100000)])
        if "weight" in defects:
            member["weight"] = rng.randrange(101, 1000)
    return {"member": member}


def huawei_pool(rng: random.Random, i: int, invalid: bool) -> dict:
    """Huawei CreateMasterSlavePool, after benches/requests/pool-*.json."""
    pool = json.loads((REQUESTS / "pool-valid.json").read_text())["pool"]
    port = rng.choice([80, 443, 8080, rng.randrange(1024, 65536)])
    pool["name"] = f"pool-{i}-{alnum(rng, 4)}"
    pool["lb_algorithm"] = rng.choice(["ROUND_ROBIN", "LEAST_CONNECTIONS", "SOURCE_IP"])
    pool["listener_id"] = uid(rng)
    pool["protocol"] = rng.choice(["TCP", "HTTP", "HTTPS"])
    pool["members"] = [
        {"name": f"m-{i}-{role}", "address": private_ipv4(rng), "protocol_port": port, "role": role}
        for role in ("master", "slave")
    ]
    monitor = {"name": f"hc-{i}", "delay": rng.randint(1, 50), "timeout": rng.randint(1, 50),
               "max_retries": rng.randint(1, 10)}
    if rng.random() < 0.5:
        monitor |= {"type": "HTTP", "url_path": rng.choice(["/", "/healthz", "/status"]),
                    "expected_codes": rng.choice(["200", "200-204", "200,301"])}
    else:
        monitor["type"] = "TCP"
    pool["healthmonitor"] = monitor
    if invalid:
        defects = rng.sample(["port", "address", "delay", "retries"], rng.randint(1, 3))
        if "port" in defects:
            pool["members"][1]["protocol_port"] = rng.randrange(65536, 100000)
        if "address" in defects:
            pool["members"][0]["address"] = not_an_address(rng)
        if "delay" in defects:
            monitor["delay"] = rng.choice([0, rng.randrange(51, 300)])
        if "retries" in defects:
            monitor["max_retries"] = rng.randrange(11, 20)
    return {"pool": pool}


def aliyun_group(rng: random.Random, i: int, invalid: bool) -> dict:
    """Alibaba CreateMasterSlaveServerGroup, after benches/requests/aliyun-*.json."""
    request = json.loads((REQUESTS / "aliyun-valid.json").read_text())
    port = rng.choice([80, 443, 8080, rng.randrange(1024, 65536)])
    servers = [
        {"ServerId": f"i-bp1{alnum(rng, 17)}", "Port": port, "Weight": rng.randrange(0, 101),
         "Type": "ecs", "ServerType": role, "Description": f"web-{i}-{role.lower()}"}
        for role in ("Master", "Slave")
    ]
    request["RegionId"] = rng.choice(["cn-hangzhou", "cn-shanghai", "cn-beijing", "ap-southeast-1"])
    request["LoadBalancerId"] = f"lb-bp1{alnum(rng, 19)}"
    request["MasterSlaveServerGroupName"] = f"group-{i}"
    request["Tag"] = [{"Key": rng.choice(["env", "team", "app"]), "Value": alnum(rng, 6)}]
    as_text = rng.random() < 0.7  # the API's JSON text, or a real array
    if invalid:
        # The schema cannot look inside the server text, so every invalid group has a reserved
        # tag key; an array may also have a port out of range.
        request["Tag"][0]["Key"] = rng.choice(["acs:", "aliyun"]) + request["Tag"][0]["Key"]
        if not as_text and rng.random() < 0.5:
            servers[1]["Port"] = rng.randrange(65536, 100000)
    request["MasterSlaveBackendServers"] = (
        json.dumps(servers, separators=(",", ":")) if as_text else servers)
    return request


GENERATORS: dict[str, Callable[[random.Random, int, bool], dict]] = {
    "pool": huawei_pool, "member": huawei_member, "aliyun": aliyun_group}


def make_corpus(directory: Path, count: int, seed: int) -> list[CorpusFile]:
    rng = random.Random(seed)
    kinds, weights = list(MIX), list(MIX.values())
    corpus = []
    for i in range(count):
        kind = rng.choices(kinds, weights)[0]
        invalid = rng.random() < INVALID_SHARE
        name = f"{i:05d}-{kind}.json"
        body = GENERATORS[kind](rng, i, invalid)
        indent = rng.choice([None, 2, 4])
        (directory / name).write_text(json.dumps(body, indent=indent) + "\n")
        corpus.append(CorpusFile(name, kind, invalid))
    return corpus


def pool_with_members(count: int) -> str:
    """A Huawei pool request with `count` members: one master, the rest slaves."""
    pool = json.loads((REQUESTS / "pool-valid.json").read_text())["pool"]
    pool["members"] = [
        {"name": f"m{i}", "address": f"10.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255}",
         "protocol_port": 8080, "role": "master" if i == 0 else "slave"}
        for i in range(count)
    ]
    return json.dumps({"pool": pool}, indent=2) + "\n"


# --------------------------------------------------------------------------------------------
# Running and timing


class ToolError(Exception):
    """A tool could not be run, or did not check the files."""


def arg_batches(fixed: Sequence[str], paths: Sequence[str]) -> list[list[str]]:
    """Split `paths` so that each command line (with the environment) fits in ARG_MAX.

    The budget is half of what is left, since the kernel also counts pointers and alignment.
    """
    budget = (os.sysconf("SC_ARG_MAX") - sum(len(k) + len(v) + 2 + 8 for k, v in os.environ.items())
              - sum(len(a) + 1 + 8 for a in fixed)) // 2
    batches: list[list[str]] = [[]]
    used = 0
    for path in paths:
        cost = len(path.encode()) + 1 + 8
        if batches[-1] and used + cost > budget:
            batches.append([])
            used = 0
        batches[-1].append(path)
        used += cost
    return batches


@dataclass
class Job:
    """One way to check files: one or more command lines run one after the other."""
    label: str
    commands: list[list[str]]
    cwd: Path

    def run(self) -> tuple[int, int, list[int]]:
        """Wall time and CPU time (user + system, all threads) of all commands in
        nanoseconds, and their exit statuses."""
        statuses, wall, cpu = [], 0, 0
        for command in self.commands:
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter_ns()
            done = subprocess.run(command, cwd=self.cwd, stdin=subprocess.DEVNULL,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            wall += time.perf_counter_ns() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu += round((after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) * 1e9)
            statuses.append(done.returncode)
        if any(s not in (0, 1) for s in statuses):
            raise ToolError(f"{self.label}: exit statuses {sorted(set(statuses))} "
                            f"(0 or 1 expected); first command: {' '.join(self.commands[0][:4])} ...")
        return wall, cpu, statuses


@dataclass
class Timing:
    label: str
    runs_ns: list[int] = field(default_factory=list)  # wall time
    cpu_runs_ns: list[int] = field(default_factory=list)  # user + system time
    statuses: list[int] = field(default_factory=list)

    def as_json(self) -> dict:
        return {"median_ns": statistics.median(self.runs_ns), "runs_ns": self.runs_ns,
                "cpu_median_ns": statistics.median(self.cpu_runs_ns),
                "cpu_runs_ns": self.cpu_runs_ns, "exit_statuses": self.statuses}


def time_jobs(jobs: Sequence[Job], repetitions: int, warmup: int = 1) -> list[Timing]:
    """Run every job `warmup` times untimed, then `repetitions` rounds of all jobs in turn.

    Interleaving the rounds spreads slow phases of a shared machine over all jobs alike,
    instead of bending one part of a scaling series.
    """
    for _ in range(warmup):
        for job in jobs:
            job.run()
    timings = [Timing(job.label) for job in jobs]
    for _ in range(repetitions):
        for job, timing in zip(jobs, timings):
            wall, cpu, timing.statuses = job.run()
            timing.runs_ns.append(wall)
            timing.cpu_runs_ns.append(cpu)
    return timings


def time_job(job: Job, repetitions: int, warmup: int = 1) -> Timing:
    return time_jobs([job], repetitions, warmup)[0]


def per_operation(corpus: Sequence[CorpusFile]) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {kind: [] for kind in OPERATIONS}
    for f in corpus:
        groups[f.kind].append(f.name)
    return groups


def lblint_job(lblint: Path, names: Sequence[str], cwd: Path, label: str) -> Job:
    fixed = [str(lblint), "check"]
    return Job(label, [fixed + b for b in arg_batches(fixed, names)], cwd)


def lblint_per_operation_job(lblint: Path, corpus: Sequence[CorpusFile], cwd: Path) -> Job:
    commands = []
    for kind, names in per_operation(corpus).items():
        fixed = [str(lblint), "check", "--operation", OPERATIONS[kind]]
        commands += [fixed + b for b in arg_batches(fixed, names)]
    return Job("lblint check --operation OP (one per operation)", commands, cwd)


def check_jsonschema_job(cj: Path, corpus: Sequence[CorpusFile], cwd: Path) -> Job:
    commands = []
    for kind, names in per_operation(corpus).items():
        fixed = [str(cj), "--schemafile", str(SCHEMAS / f"{OPERATIONS[kind]}.schema.json")]
        commands += [fixed + b for b in arg_batches(fixed, names)]
    return Job("check-jsonschema --schemafile (one per operation)", commands, cwd)


# --------------------------------------------------------------------------------------------
# Verifying that the tools checked the files


def flagged_by_lblint(lblint: Path, corpus: Sequence[CorpusFile], cwd: Path) -> dict:
    """Run lblint with JSON output (untimed): which files got an error, how many were read."""
    flagged: set[str] = set()
    files = errors = warnings = 0
    unreadable = 0
    for batch in arg_batches([str(lblint), "check", "--format", "json"], [f.name for f in corpus]):
        done = subprocess.run([str(lblint), "check", "--format", "json", *batch], cwd=cwd,
                              capture_output=True, text=True)
        if done.returncode not in (0, 1):
            raise ToolError(f"lblint check --format json: exit {done.returncode}: {done.stderr[:500]}")
        report = json.loads(done.stdout)
        summary = report["summary"]
        files += summary["files"]
        errors += summary["errors"]
        warnings += summary["warnings"]
        unreadable += summary["unreadable"]
        flagged |= {d["file"] for d in report["diagnostics"] if d["severity"] == "error"}
    return {"files": files, "errors": errors, "warnings": warnings, "unreadable": unreadable,
            "flagged": flagged}


def flagged_by_check_jsonschema(cj: Path, corpus: Sequence[CorpusFile], cwd: Path) -> dict:
    flagged: set[str] = set()
    errors = parse_errors = 0
    for kind, names in per_operation(corpus).items():
        fixed = [str(cj), "--output-format", "json", "--schemafile",
                 str(SCHEMAS / f"{OPERATIONS[kind]}.schema.json")]
        for batch in arg_batches(fixed, names):
            done = subprocess.run(fixed + batch, cwd=cwd, capture_output=True, text=True)
            if done.returncode not in (0, 1):
                raise ToolError(f"check-jsonschema: exit {done.returncode}: {done.stderr[:500]}")
            report = json.loads(done.stdout)
            errors += len(report["errors"])
            parse_errors += len(report["parse_errors"])
            flagged |= {e["filename"] for e in report["errors"]}
    return {"errors": errors, "parse_errors": parse_errors, "flagged": flagged}


def compare_flagged(tool: str, result: dict, corpus: Sequence[CorpusFile]) -> dict:
    invalid = {f.name for f in corpus if f.invalid}
    missed = sorted(invalid - result["flagged"])
    extra = sorted(result["flagged"] - invalid)
    return {"tool": tool, "flagged": len(result["flagged"]), "expected": len(invalid),
            "missed": missed[:20], "unexpected": extra[:20],
            "agrees": not missed and not extra,
            **{k: v for k, v in result.items() if k != "flagged"}}


# --------------------------------------------------------------------------------------------
# Statistics


@dataclass
class Fit:
    slope: float
    intercept: float
    r2: float


def least_squares(xs: Sequence[float], ys: Sequence[float]) -> Fit:
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    slope = sxy / sxx
    intercept = my - slope * mx
    ss_tot = sum((y - my) ** 2 for y in ys)
    ss_res = sum((y - (intercept + slope * x)) ** 2 for x, y in zip(xs, ys))
    return Fit(slope, intercept, 1 - ss_res / ss_tot if ss_tot else 1.0)


# --------------------------------------------------------------------------------------------
# SVG plots, drawn by hand


@dataclass
class Series:
    label: str
    xs: list[float]
    ys: list[float]
    spreads: list[tuple[float, float]]  # the first and third quartile at each point
    fit: Fit
    fit_label: str
    color: str


@dataclass
class Panel:
    title: str
    xlabel: str
    ylabel: str
    series: list[Series]


def nice_ticks(low: float, high: float, count: int = 6) -> list[float]:
    """Round tick values (1, 2 or 5 times a power of ten) covering [low, high]."""
    if high <= low:
        high = low + 1
    raw = (high - low) / count
    power = 10 ** int(f"{raw:e}".split("e")[1])
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = int(low // step)
    ticks = []
    k = first
    while k * step <= high + step * 1e-9:
        ticks.append(k * step)
        k += 1
    if ticks[-1] < high:
        ticks.append(ticks[-1] + step)
    return ticks


def tick_text(value: float) -> str:
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:g}"


def svg_document(panels: Sequence[Panel], title: str, subtitle: str) -> str:
    panel_w, panel_h = 560, 400
    margin_l, margin_r, margin_t, margin_b = 72, 24, 92, 64
    width = panel_w * len(panels)
    height = panel_h + margin_t + 12
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="Helvetica, Arial, sans-serif">',
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        f'<text x="{width / 2}" y="28" text-anchor="middle" font-size="18" font-weight="bold" '
        f'fill="#222">{escape(title)}</text>',
        f'<text x="{width / 2}" y="50" text-anchor="middle" font-size="12" fill="#555">'
        f'{escape(subtitle)}</text>',
    ]
    for p, panel in enumerate(panels):
        ox = p * panel_w
        x0, x1 = ox + margin_l, ox + panel_w - margin_r
        y0, y1 = margin_t + panel_h - margin_b, margin_t  # y0 is the bottom of the plot area
        all_x = [x for s in panel.series for x in s.xs]
        all_y = [y for s in panel.series for pair in s.spreads for y in pair]
        xticks = nice_ticks(min(0.0, min(all_x)), max(all_x))
        yticks = nice_ticks(min(0.0, min(all_y)), max(all_y) * 1.08)

        def sx(x: float) -> float:
            return x0 + (x - xticks[0]) / (xticks[-1] - xticks[0]) * (x1 - x0)

        def sy(y: float) -> float:
            return y0 - (y - yticks[0]) / (yticks[-1] - yticks[0]) * (y0 - y1)

        out.append(f'<text x="{(x0 + x1) / 2}" y="{margin_t - 14}" text-anchor="middle" '
                   f'font-size="14" fill="#222">{escape(panel.title)}</text>')
        out.append(f'<rect x="{x0}" y="{y1}" width="{x1 - x0}" height="{y0 - y1}" fill="#fafafa" '
                   f'stroke="#999"/>')
        for t in xticks:
            x = sx(t)
            out.append(f'<line x1="{x:.1f}" y1="{y1}" x2="{x:.1f}" y2="{y0}" stroke="#e4e4e4"/>')
            out.append(f'<line x1="{x:.1f}" y1="{y0}" x2="{x:.1f}" y2="{y0 + 5}" stroke="#666"/>')
            out.append(f'<text x="{x:.1f}" y="{y0 + 19}" text-anchor="middle" font-size="11" '
                       f'fill="#333">{tick_text(t)}</text>')
        for t in yticks:
            y = sy(t)
            out.append(f'<line x1="{x0}" y1="{y:.1f}" x2="{x1}" y2="{y:.1f}" stroke="#e4e4e4"/>')
            out.append(f'<line x1="{x0 - 5}" y1="{y:.1f}" x2="{x0}" y2="{y:.1f}" stroke="#666"/>')
            out.append(f'<text x="{x0 - 8}" y="{y + 4:.1f}" text-anchor="end" font-size="11" '
                       f'fill="#333">{tick_text(t)}</text>')
        out.append(f'<text x="{(x0 + x1) / 2}" y="{y0 + 44}" text-anchor="middle" font-size="12" '
                   f'fill="#222">{escape(panel.xlabel)}</text>')
        out.append(f'<text transform="translate({ox + 20},{(y0 + y1) / 2}) rotate(-90)" '
                   f'text-anchor="middle" font-size="12" fill="#222">{escape(panel.ylabel)}</text>')
        for s in panel.series:
            lo, hi = min(s.xs), max(s.xs)
            out.append(f'<line x1="{sx(lo):.1f}" y1="{sy(s.fit.intercept + s.fit.slope * lo):.1f}" '
                       f'x2="{sx(hi):.1f}" y2="{sy(s.fit.intercept + s.fit.slope * hi):.1f}" '
                       f'stroke="{s.color}" stroke-width="1.6" stroke-dasharray="6 4"/>')
            for x, (low, high) in zip(s.xs, s.spreads):
                out.append(f'<line x1="{sx(x):.1f}" y1="{sy(low):.1f}" x2="{sx(x):.1f}" '
                           f'y2="{sy(high):.1f}" stroke="{s.color}" stroke-opacity="0.5" '
                           f'stroke-width="1.2"/>')
            for x, y in zip(s.xs, s.ys):
                out.append(f'<circle cx="{sx(x):.1f}" cy="{sy(y):.1f}" r="3.6" fill="{s.color}" '
                           f'stroke="#fff" stroke-width="0.8"/>')
        # The legend, in the upper left corner of the plot area (the lines rise to the right).
        lx, ly = x0 + 12, y1 + 12
        rows = [(s.color, s.label, s.fit_label) for s in panel.series]
        box_h = 14 + 34 * len(rows)
        box_w = max(max(len(a), len(b)) for _, a, b in rows) * 5.9 + 40
        out.append(f'<rect x="{lx}" y="{ly}" width="{box_w:.0f}" height="{box_h}" fill="#fff" '
                   f'fill-opacity="0.92" stroke="#bbb" rx="3"/>')
        for r, (color, label, fit_label) in enumerate(rows):
            ry = ly + 20 + 34 * r
            out.append(f'<circle cx="{lx + 12}" cy="{ry - 4}" r="3.6" fill="{color}"/>')
            out.append(f'<line x1="{lx + 4}" y1="{ry + 10}" x2="{lx + 20}" y2="{ry + 10}" '
                       f'stroke="{color}" stroke-width="1.6" stroke-dasharray="6 4"/>')
            out.append(f'<text x="{lx + 28}" y="{ry}" font-size="11" fill="#222">{escape(label)}</text>')
            out.append(f'<text x="{lx + 28}" y="{ry + 14}" font-size="11" fill="#555">'
                       f'{escape(fit_label)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------------------------
# The three measurements


@dataclass
class Settings:
    files: int
    lblint_reps: int
    cj_reps: int
    startup_runs: int
    member_counts_checked: list[int]
    member_counts_parsed: list[int]
    member_reps: int
    file_counts: list[int]
    file_reps: int


FULL = Settings(
    files=10_000, lblint_reps=5, cj_reps=3, startup_runs=200,
    member_counts_checked=[1] + list(range(100, 1001, 100)),
    member_counts_parsed=[1000, 2500, 5000, 7500, 10_000, 12_500, 15_000, 17_500, 20_000],
    member_reps=41, file_counts=list(range(1000, 10_001, 1000)), file_reps=9)
QUICK = Settings(
    files=500, lblint_reps=2, cj_reps=1, startup_runs=20,
    member_counts_checked=[1, 250, 500, 750, 1000], member_counts_parsed=[1000, 5000, 10_000],
    member_reps=5, file_counts=[100, 200, 300, 400, 500], file_reps=2)


def throughput(lblint: Path, cj: Path | None, corpus: list[CorpusFile], cwd: Path,
               s: Settings) -> dict:
    names = [f.name for f in corpus]
    jobs = [lblint_job(lblint, names, cwd, "lblint check FILE... (one invocation)"),
            lblint_per_operation_job(lblint, corpus, cwd)]
    timings = [time_job(job, s.lblint_reps) for job in jobs]
    verification = [compare_flagged("lblint", flagged_by_lblint(lblint, corpus, cwd), corpus)]
    if verification[0]["files"] != len(corpus) or verification[0]["unreadable"]:
        raise ToolError(f"lblint read {verification[0]['files']} of {len(corpus)} files "
                        f"({verification[0]['unreadable']} unreadable)")
    if cj is not None:
        jobs.append(check_jsonschema_job(cj, corpus, cwd))
        timings.append(time_job(jobs[-1], s.cj_reps))
        verification.append(compare_flagged(
            "check-jsonschema", flagged_by_check_jsonschema(cj, corpus, cwd), corpus))
    return {
        "files": len(corpus),
        "by_operation": {k: len(v) for k, v in per_operation(corpus).items()},
        "invalid_files": sum(f.invalid for f in corpus),
        "bytes": sum((cwd / f.name).stat().st_size for f in corpus),
        "command_lines": {job.label: len(job.commands) for job in jobs},
        "timings": {t.label: t.as_json() for t in timings},
        "verification": verification,
    }


def startup(lblint: Path, runs: int) -> dict:
    commands = {
        "/bin/true": [shutil.which("true") or "/bin/true"],
        "lblint --version": [str(lblint), "--version"],
        "lblint check member-valid.json": [str(lblint), "check",
                                           str(REQUESTS / "member-valid.json")],
    }
    samples: dict[str, list[int]] = {label: [] for label in commands}
    for label, command in commands.items():  # warm-up
        subprocess.run(command, stdout=subprocess.DEVNULL)
    for _ in range(runs):  # interleaved, so drift in the machine's load hits all three alike
        for label, command in commands.items():
            start = time.perf_counter_ns()
            subprocess.run(command, stdout=subprocess.DEVNULL)
            samples[label].append(time.perf_counter_ns() - start)
    return {label: {"median_ns": statistics.median(ns), "min_ns": min(ns), "runs_ns": ns}
            for label, ns in samples.items()}


def scaling_members(lblint: Path, directory: Path, s: Settings) -> dict:
    counts = sorted(set(s.member_counts_checked + s.member_counts_parsed))
    jobs = []
    for n in counts:
        path = directory / f"pool-{n}.json"
        path.write_text(pool_with_members(n))
        jobs.append(Job(f"{n} members", [[str(lblint), "check", str(path)]], directory))
    timings = time_jobs(jobs, s.member_reps, warmup=2)
    return {n: t.as_json() | {"bytes": (directory / f"pool-{n}.json").stat().st_size}
            for n, t in zip(counts, timings)}


def scaling_files(lblint: Path, corpus: list[CorpusFile], cwd: Path, s: Settings) -> dict:
    jobs = [lblint_job(lblint, [f.name for f in corpus[:n]], cwd, f"{n} files")
            for n in s.file_counts]
    return {n: t.as_json() for n, t in zip(s.file_counts, time_jobs(jobs, s.file_reps))}


# --------------------------------------------------------------------------------------------
# Reporting


def ms(ns: float) -> str:
    return f"{ns / 1e6:,.2f} ms" if ns < 1e9 else f"{ns / 1e9:,.2f} s"


def machine(lblint: Path, cj: Path | None) -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
               platform.processor())
    info = {"nproc": os.cpu_count(), "cpu": cpu, "kernel": platform.release(),
            "python": platform.python_version(),
            "loadavg_at_start": os.getloadavg(),
            "lblint": subprocess.run([str(lblint), "--version"], capture_output=True,
                                     text=True).stdout.strip()}
    if cj is not None:
        info["check-jsonschema"] = subprocess.run([str(cj), "--version"], capture_output=True,
                                                  text=True).stdout.strip()
    return info


MEASURES = {  # key prefix in the raw numbers, legend label, colour
    "wall": ("", "wall time (median, quartiles)", "#1f77b4"),
    "cpu": ("cpu_", "CPU time, user + system (median, quartiles)", "#ff7f0e"),
}


def series(points: dict, xs: Sequence[int], measure: str, unit: str) -> Series:
    """Medians in milliseconds against xs, with quartiles and a least-squares line; the legend
    gives the slope in microseconds per `unit`."""
    prefix, label, color = MEASURES[measure]
    ys = [points[n][prefix + "median_ns"] / 1e6 for n in xs]
    spreads = []
    for n in xs:
        runs = points[n][prefix + "runs_ns"]
        q = statistics.quantiles(runs, n=4) if len(runs) > 1 else [runs[0]] * 3
        spreads.append((q[0] / 1e6, q[2] / 1e6))
    fit = least_squares(list(map(float, xs)), ys)
    return Series(label, list(map(float, xs)), ys, spreads, fit,
                  f"least squares: {fit.slope * 1e3:.2f} µs/{unit}, R² = {fit.r2:.3f}", color)


def print_series(name: str, points: dict, xs: Sequence[int],
                 fits: dict[str, Series], unit: str) -> None:
    print(f"   {name:9}" + "".join(f"{n:>8,}" for n in xs))
    for measure, (prefix, _, _) in MEASURES.items():
        print(f"   {measure + ' ms':9}"
              + "".join(f"{points[n][prefix + 'median_ns'] / 1e6:>8.2f}" for n in xs))
    print("   " + "; ".join(f"{measure}: {f.fit.slope * 1e3:.2f} µs/{unit}, intercept "
                           f"{f.fit.intercept:.2f} ms, R² {f.fit.r2:.4f}"
                           for measure, f in fits.items()))


def report(results: dict, s: Settings, results_dir: Path) -> list[str]:
    """Print the summary; write the SVGs. Returns the paths written."""
    print(f"\nMachine: {results['machine']['cpu']}, {results['machine']['nproc']} cores, "
          f"load {results['machine']['loadavg_at_start'][0]:.2f} at start; "
          f"{results['machine']['lblint']}")

    t = results["throughput"]
    print(f"\n1. Throughput: {t['files']:,} files ({t['bytes'] / 1e6:.1f} MB; "
          + ", ".join(f"{n:,} {k}" for k, n in t["by_operation"].items())
          + f"; {t['invalid_files']:,} invalid)")
    print(f"   {'median of the runs':52} {'wall':>10} {'files/s':>9} {'µs/file':>8}"
          f" {'CPU':>10} {'µs/file':>8}")
    timings = t["timings"]
    for label, timing in timings.items():
        wall, cpu = timing["median_ns"], timing["cpu_median_ns"]
        print(f"   {label:52} {ms(wall):>10} {t['files'] / (wall / 1e9):>9,.0f} "
              f"{wall / 1e3 / t['files']:>8.1f} {ms(cpu):>10} {cpu / 1e3 / t['files']:>8.1f}")
    cj_label = next((k for k in timings if k.startswith("check-jsonschema")), None)
    if cj_label:
        t["ratios"] = {}
        for label in [k for k in timings if k.startswith("lblint")]:
            ratio = timings[cj_label]["median_ns"] / timings[label]["median_ns"]
            cpu_ratio = timings[cj_label]["cpu_median_ns"] / timings[label]["cpu_median_ns"]
            verdict = ("target met" if ratio >= RATIO_TARGET else "required met" if
                       ratio >= RATIO_REQUIRED else "required NOT met")
            print(f"   check-jsonschema / {label}: {ratio:.1f}x wall "
                  f"(required {RATIO_REQUIRED:.0f}x, target {RATIO_TARGET:.0f}x: {verdict}), "
                  f"{cpu_ratio:.1f}x CPU")
            t["ratios"][label] = {"wall": ratio, "cpu": cpu_ratio}
    for v in t["verification"]:
        state = "agrees" if v["agrees"] else "DISAGREES"
        print(f"   verified: {v['tool']} flagged {v['flagged']:,} files, {v['expected']:,} are invalid "
              f"({state}; {v['errors']:,} errors)"
              + (f"; missed e.g. {v['missed'][:3]}, unexpected e.g. {v['unexpected'][:3]}"
                 if not v["agrees"] else ""))

    st = results["startup"]
    base = st["/bin/true"]["median_ns"]
    print(f"\n2. Startup (median of {s.startup_runs} runs, spawned from Python)")
    for label, v in st.items():
        extra = f"   {ms(v['median_ns'] - base)} more than /bin/true" if label != "/bin/true" else ""
        verdict = ""
        if label.startswith("lblint"):
            verdict = ("  < 5 ms: met" if v["median_ns"] / 1e6 < STARTUP_LIMIT_MS
                       else "  < 5 ms: NOT met")
        print(f"   {label:34} {ms(v['median_ns']):>10} (min {ms(v['min_ns'])}){extra}{verdict}")

    m = results["scaling_members"]
    checked = {k: series(m, s.member_counts_checked, k, "member") for k in MEASURES}
    parsed = {k: series(m, s.member_counts_parsed, k, "member") for k in MEASURES}
    print(f"\n3a. Members in one pool request (median of {s.member_reps} runs per point)")
    print("   up to 1,000 members, all checked:")
    print_series("members", m, s.member_counts_checked, checked, "member")
    print("   1,000 members and more, those past 1,000 only parsed:")
    print_series("members", m, s.member_counts_parsed, parsed, "member")

    f = results["scaling_files"]
    files = {k: series(f, s.file_counts, k, "file") for k in MEASURES}
    print(f"\n3b. Files in one invocation (median of {s.file_reps} runs per point)")
    print_series("files", f, s.file_counts, files, "file")
    results["fits"] = {  # slopes in ms per member or per file, intercepts in ms
        f"{name}_{measure}": vars(group[measure].fit)
        for name, group in (("members_checked", checked), ("members_parsed", parsed),
                            ("files", files))
        for measure in MEASURES
    }

    results_dir.mkdir(parents=True, exist_ok=True)
    machine_text = f"{results['machine']['cpu']}, {results['machine']['nproc']} cores"
    members_svg = svg_document([
        Panel("1 to 1,000 members: every member is checked", "members in the request",
              "time (ms)", list(checked.values())),
        Panel("1,000 to 20,000: members past 1,000 are only parsed", "members in the request",
              "time (ms)", list(parsed.values())),
    ], "lblint check: one Huawei pool request with N members",
        f"one process per run, {s.member_reps} runs per point; {machine_text}")
    files_svg = svg_document([
        Panel("one invocation over the first N files of the corpus", "files", "time (ms)",
              list(files.values())),
    ], "lblint check: N request files",
        f"one process per run, {s.file_reps} runs per point; {machine_text}")
    written = []
    for name, text in (("scaling-members.svg", members_svg), ("scaling-files.svg", files_svg)):
        path = (results_dir / name).resolve()
        path.write_text(text)
        written.append(str(path.relative_to(REPO)) if path.is_relative_to(REPO) else str(path))
    print("\nPlots: " + ", ".join(written))
    return written


# --------------------------------------------------------------------------------------------


def find_check_jsonschema(given: str | None) -> Path:
    candidates = [given] if given else [shutil.which("check-jsonschema"),
                                        "/tmp/cj/bin/check-jsonschema"]
    for c in candidates:
        if c and Path(c).is_file() and os.access(c, os.X_OK):
            return Path(c).resolve()
    sys.exit("check-jsonschema not found. Install it with\n"
             "  python3 -m venv /tmp/cj && /tmp/cj/bin/pip install check-jsonschema\n"
             "and pass --check-jsonschema /tmp/cj/bin/check-jsonschema, or use "
             "--no-check-jsonschema.")


def main() -> int:
    doc = __doc__ or ""
    parser = argparse.ArgumentParser(
        description=doc.split("\n\n")[0],
        epilog=doc[doc.index("Usage"):doc.index("Options:")].rstrip(),
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lblint", metavar="PATH",
                        default=str(REPO / "target" / "release" / "lblint"),
                        help="the lblint binary (default: target/release/lblint)")
    parser.add_argument("--check-jsonschema", dest="check_jsonschema", metavar="PATH",
                        help="default: check-jsonschema on PATH, else /tmp/cj/bin/check-jsonschema")
    parser.add_argument("--no-check-jsonschema", action="store_true",
                        help="skip the comparison; check-jsonschema need not be installed")
    parser.add_argument("--quick", action="store_true",
                        help="500 files, fewer points and repetitions; the SVGs go to "
                             "target/bench-cli-quick/ unless --results is given")
    parser.add_argument("--files", type=int, metavar="N",
                        help="corpus size (default 10,000; 500 with --quick)")
    parser.add_argument("--results", type=Path, metavar="DIR",
                        help="where the SVGs go (default benches/results/)")
    parser.add_argument("--json", type=Path, metavar="FILE",
                        help="write every raw measurement (nanoseconds) and the machine")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    args = parser.parse_args()

    lblint = Path(args.lblint).resolve()
    if not (lblint.is_file() and os.access(lblint, os.X_OK)):
        sys.exit(f"{lblint} is not an executable; build it with `cargo build --release` "
                 "or pass --lblint PATH")
    cj = None if args.no_check_jsonschema else find_check_jsonschema(args.check_jsonschema)
    s = QUICK if args.quick else FULL
    if args.files:
        s = replace(s, files=args.files,
                    file_counts=[max(1, round(args.files * k / 10)) for k in range(1, 11)])
    results_dir = args.results or (REPO / "target" / "bench-cli-quick" if args.quick
                                   else REPO / "benches" / "results")

    results: dict = {"machine": machine(lblint, cj), "settings": vars(s), "seed": args.seed}
    try:
        with tempfile.TemporaryDirectory(prefix="lblint-bench-cli-") as tmp:
            corpus_dir = Path(tmp) / "corpus"
            corpus_dir.mkdir()
            print(f"Generating {s.files:,} request files in {corpus_dir} ...", flush=True)
            corpus = make_corpus(corpus_dir, s.files, args.seed)
            print("1. throughput ...", flush=True)
            results["throughput"] = throughput(lblint, cj, corpus, corpus_dir, s)
            print("2. startup ...", flush=True)
            results["startup"] = startup(lblint, s.startup_runs)
            print("3. scaling ...", flush=True)
            members_dir = Path(tmp) / "members"
            members_dir.mkdir()
            results["scaling_members"] = scaling_members(lblint, members_dir, s)
            results["scaling_files"] = scaling_files(lblint, corpus, corpus_dir, s)
    except ToolError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    results["svg"] = report(results, s, results_dir)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=1) + "\n")
        print(f"Raw numbers: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
