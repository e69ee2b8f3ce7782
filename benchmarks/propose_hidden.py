#!/usr/bin/env python3
"""Checks that `./mbo4j propose` beats the best score in the file on smooth continuous functions and DNA sequence
functions the toolkit has never seen (issue 5's acceptance check, with our own hidden functions), and keeps every finished run as a record.

For each function: sample designs uniformly in a box, keep the ones scoring below the 70th percentile (an offline
dataset without its top), write them as CSV, run `./mbo4j propose --method M --k K` at paper settings, and score the
proposals with the true function here, in Python (the toolkit never sees it). A method passes a function when the
best true score of its K designs beats the best score in the file.

    python3 benchmarks/propose_hidden.py                      # every continuous method, bowl5 and bumps4
    python3 benchmarks/propose_hidden.py --suite extended     # five more: valleys, many optima, far-from-unit scale,
                                                              # 20-D with few rows, a minimised score
    python3 benchmarks/propose_hidden.py --suite all --resume # both suites, skipping runs this build already made
    python3 benchmarks/propose_hidden.py --suite sequence     # two DNA functions (12 and 10 bases)
    python3 benchmarks/propose_hidden.py --methods grad,coms  # some methods
    python3 benchmarks/propose_hidden.py --methods cbas,auto-cbas,mins --suite all   # generative methods
    python3 benchmarks/propose_hidden.py --render             # no runs: rewrite README.md from the records

Records. Each finished (function, method, seed, k) run, including one the toolkit ended with an error, becomes a
record in DIR/results.json (DIR: --results, default notebooks/results/propose-hidden): function, dims, rows in the
file, minimise, the file's best, the best and median true score of the k designs, verdict, seconds, finish time
(UTC), the script's command line (sys.argv) and the toolkit's build line (toolkit/target/classes/mbo4j-build.txt,
which the launcher rewrites at every launch, read after the run; "unknown" when absent). The GEMM library is in
the build line (" gemm=..." as BuildInfo.withRuntime() forms it) only when MBO4J_GEMM is set in this script's
environment: otherwise the launcher picks the library from its measured choice cached in ~/.cache/mbo4j, which the
script does not see, and the build line goes without it. A record replaces the one with the same (function, method,
seed, k) and keeps the others; the file is rewritten after every run (temporary file, then rename, under a lock on
DIR), so a killed sweep keeps what finished. --resume skips a run whose record has the build line the launcher
writes now (the script launches `./mbo4j --help` once to have it written) and no error: runs of other code,
converted rows without a build and errors are run again.

Rendering. After the runs, and alone with --render, DIR/README.md is generated from DIR/results.json and the
hand-written DIR/template.md (a plain page without it). The template's placeholders:
    {{table:SUITE}}     the suite's runs (basic, extended, sequence, or other: functions of no suite), one row each
    {{summary:SUITE}}   "X of Y runs beat the file", where every run beats it, which runs do not, rows without a build
    {{summary:all}}     X of Y over every record
    {{best:F:M}} {{median:F:M}}   a run's true scores; {{best:F:M:SEED:K}} when F and M have several runs
    {{fileBest:F}} {{rows:F}}     the file of function F
A value placeholder takes a format after "|" ({{best:styblinski8:coms|.1f}}; default .4f). Every record must appear
in a table. Numbers in the page come from the records, so prose in the template quotes none of its own.

--import-markdown FILE converts the rows of a table in the earlier markdown format (function | rows in file | file
best | method | best of k | median of k | verdict | seconds) into records with "build": null and a "source" naming
the file and its last commit; --seed and --k name the runs' seed and k. Rows whose key is already recorded are left
as they are.
"""
import argparse
import csv
import datetime
import fcntl
import json
import math
import os
import random
import re
import shlex
import subprocess
import sys
import tempfile
import textwrap
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_RESULTS = os.path.join(ROOT, "notebooks", "results", "propose-hidden")
BUILD_FILE = os.path.join(ROOT, "toolkit", "target", "classes", "mbo4j-build.txt")


def bowl5(x):
    c = (0.7, -1.1, 0.3, 1.4, -0.5)
    w = (1.0, 0.5, 2.0, 0.8, 1.5)
    return -sum(wi * (xi - ci) ** 2 for xi, ci, wi in zip(x, c, w)) + 0.5 * sum(math.sin(2 * xi) for xi in x)


def bumps4(x):
    a = (1.0, 1.0, -1.0, 0.5)
    b = (-1.0, -0.5, 1.0, 1.0)
    da = sum((xi - ai) ** 2 for xi, ai in zip(x, a))
    db = sum((xi - bi) ** 2 for xi, bi in zip(x, b))
    return math.exp(-da / 2) + 0.6 * math.exp(-db / 0.5)


def rosen4(x):
    """Rosenbrock's curved valley, negated; scores span four orders of magnitude on the box."""
    return -sum(100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2 for i in range(len(x) - 1))


def styblinski8(x):
    """Styblinski-Tang, negated: 2^8 local optima, the best at x_i = -2.9035."""
    return -0.5 * sum(xi ** 4 - 16 * xi ** 2 + 5 * xi for xi in x)


def scaled3(x):
    """A tilted bowl on [0, 1000]^3 scoring from about -1e6 to 4.6e5: designs and scores far from unit scale."""
    c = (620.0, 180.0, 410.0)
    return 2.5e5 - sum((xi - ci) ** 2 for xi, ci in zip(x, c)) + 300.0 * x[0]


def sphere20(x):
    """A 20-D bowl off-centre, sampled sparsely (few rows for the dimension)."""
    return -sum((xi - 0.3) ** 2 for xi in x)


def branin2(x):
    """Branin-Hoo, minimised (three global minima of 0.3979)."""
    a, b, c, r, s, t = 1.0, 5.1 / (4 * math.pi ** 2), 5 / math.pi, 6.0, 10.0, 1 / (8 * math.pi)
    return a * (x[1] - b * x[0] ** 2 + c * x[0] - r) ** 2 + s * (1 - t) * math.cos(x[0]) + s


# Sequence functions: DNA strings (a, c, g, t), scored by terms drawn once from a fixed formula, so the toolkit has
# nothing to look them up in. Each is additive per position plus interactions a per-position model cannot express.
DNA = "acgt"


def _site(p, a, u, v):
    """A fixed pseudo-random weight of letter a at position p (a smooth formula, not a lookup table)."""
    return math.sin(u * (p + 1) + v * (a + 1)) + 0.5 * math.cos(0.7 * u * (a + 1) * (p + 2))


def motif12(s):
    """Per-position preferences over 12 bases plus a bonus of 3 for every occurrence of the motif 'tgca'."""
    return sum(_site(p, DNA.index(ch), 1.3, 2.1) for p, ch in enumerate(s)) + 3.0 * sum(
        s[i:i + 4] == "tgca" for i in range(len(s) - 3))


def chain10(s):
    """A chain of 10 bases: per-position fields plus couplings between neighbours (an Ising-like landscape)."""
    idx = [DNA.index(ch) for ch in s]
    field = sum(_site(p, a, 0.9, 1.7) for p, a in enumerate(idx))
    coupling = sum(1.5 * math.cos(1.9 * idx[p] - 2.3 * idx[p + 1] + 0.4 * p) for p in range(len(idx) - 1))
    return field + coupling


# name: (function, dims, lower, upper, rows sampled, minimise); a sequence function has its alphabet as lower and
# None as upper, and dims is its length
FUNCTIONS = {
    "bowl5": (bowl5, 5, -2.0, 2.0, 800, False),
    "bumps4": (bumps4, 4, -2.0, 2.0, 800, False),
    "rosen4": (rosen4, 4, -2.0, 2.0, 800, False),
    "styblinski8": (styblinski8, 8, -5.0, 5.0, 800, False),
    "scaled3": (scaled3, 3, 0.0, 1000.0, 400, False),
    "sphere20": (sphere20, 20, -1.0, 1.0, 300, False),
    "branin2": (branin2, 2, [-5.0, 0.0], [10.0, 15.0], 200, True),
    "motif12": (motif12, 12, DNA, None, 1000, False),
    "chain10": (chain10, 10, DNA, None, 1000, False),
}
SUITES = {"basic": ["bowl5", "bumps4"],
          "extended": ["rosen4", "styblinski8", "scaled3", "sphere20", "branin2"],
          "sequence": ["motif12", "chain10"]}
METHODS = ["grad", "grad-min", "grad-mean", "coms", "roma", "iom", "cma-es", "bo-qei"]
# the generative methods (issue 21): run them with --methods; bonet's paper settings take days per run on 2 cores
GENERATIVE = ["cbas", "auto-cbas", "mins", "bonet"]
ORDER = METHODS + GENERATIVE


def is_sequence(fname):
    return isinstance(FUNCTIONS[fname][2], str)


def dataset(f, d, lo, hi, n, minimise, seed):
    """n designs uniform in the box, without the best 30% (the file lacks the good region)."""
    rng = random.Random(seed)
    if isinstance(lo, str):  # a sequence function: strings of length d over the alphabet lo
        xs = ["".join(rng.choice(lo) for _ in range(d)) for _ in range(n)]
        ys = [f(x) for x in xs]
        cut = sorted(ys)[int(0.7 * n)]
        return [(x, y) for x, y in zip(xs, ys) if y < cut]
    lo = lo if isinstance(lo, list) else [lo] * d
    hi = hi if isinstance(hi, list) else [hi] * d
    xs = [[rng.uniform(lo[i], hi[i]) for i in range(d)] for _ in range(n)]
    ys = [f(x) for x in xs]
    if minimise:
        cut = sorted(ys)[int(0.3 * n)]
        return [(x, y) for x, y in zip(xs, ys) if y > cut]
    cut = sorted(ys)[int(0.7 * n)]
    return [(x, y) for x, y in zip(xs, ys) if y < cut]


KEY = ("function", "method", "seed", "k")
BEATS, MISSES = "beats the file", "does not beat"
REQUIRED = ("function", "dims", "method", "seed", "k", "rows", "minimise", "fileBest", "best", "median", "verdict",
            "seconds", "finishedAt", "command", "build")
HEADER = ("| function | rows in file | file best | method | best of k (true) | median of k (true) | verdict | seconds "
          "| build | date |")
OLD_HEADER = ["function", "rows in file", "file best", "method", "best of k (true)", "median of k (true)", "verdict",
              "seconds"]
DEFAULT_TEMPLATE = ("# `./mbo4j propose` on smooth functions it has never seen\n\n{{summary:all}}\n\n"
                    "## Basic suite\n\n{{table:basic}}\n\n{{summary:basic}}\n\n"
                    "## Extended suite\n\n{{table:extended}}\n\n{{summary:extended}}\n")


class RecordsError(Exception):
    """Bad records, template or input file: the message is one line naming the problem and the fix."""


def suite_of(function):
    for name, functions in SUITES.items():
        if function in functions:
            return name
    return "other"


def sort_key(r):
    """Suite order, then the suites' function order, then METHODS' order, then seed and k."""
    fn_order = SUITES["basic"] + SUITES["extended"] + SUITES["sequence"]
    fi = fn_order.index(r["function"]) if r["function"] in fn_order else len(fn_order)
    mi = ORDER.index(r["method"]) if r["method"] in ORDER else len(ORDER)
    return (fi, r["function"], mi, r["method"], r["seed"], r["k"])


def key(r):
    return tuple(r[k] for k in KEY)


def merge(records, new):
    """records with each of new replacing the record of the same (function, method, seed, k); others kept; sorted."""
    by_key = {key(r): r for r in records}
    for r in new:
        by_key[key(r)] = r
    return sorted(by_key.values(), key=sort_key)


def load_records(path):
    """The records of path ([] when it does not exist); RecordsError when it is not a list of complete records."""
    if not os.path.exists(path):
        return []
    try:
        with open(path) as fh:
            data = json.load(fh)
    except (OSError, ValueError) as e:
        raise RecordsError(f"{path} cannot be read as JSON ({e}); restore it with git checkout or move it away")
    if not isinstance(data, list):
        raise RecordsError(f"{path} holds a JSON {type(data).__name__}, not a list of records; restore it with git "
                           "checkout or move it away")
    for i, r in enumerate(data):
        missing = [k for k in REQUIRED if not isinstance(r, dict) or k not in r]
        if missing:
            raise RecordsError(f"{path}: record {i} lacks {', '.join(missing)}; fix or delete that record")
    return data


def write_atomic(path, text):
    """Writes text to path through a temporary file in the same folder and a rename: path is old or new, never half."""
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise


def records_json(records):
    return json.dumps(records, indent=1, ensure_ascii=False) + "\n"


def add_records(results_dir, new, keep_existing=False):
    """Merges new into results_dir/results.json under an exclusive lock on the folder (so sweeps running side by side
    lose nothing) and rewrites it atomically. keep_existing: a recorded key wins over new. Returns the records."""
    os.makedirs(results_dir, exist_ok=True)
    path = os.path.join(results_dir, "results.json")
    fd = os.open(results_dir, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        records = load_records(path)
        if keep_existing:
            known = {key(r) for r in records}
            new = [r for r in new if key(r) not in known]
        records = merge(records, new)
        write_atomic(path, records_json(records))
        return records
    finally:
        os.close(fd)


def build_line():
    """The launcher's build line for the classes it last ran ("unknown" without it), plus " gemm=X" when MBO4J_GEMM
    is set here (the toolkit then uses X or fails); without MBO4J_GEMM the library is the launcher's cached choice,
    which this script does not know."""
    try:
        with open(BUILD_FILE) as fh:
            line = fh.read().strip() or "unknown"
    except OSError:
        line = "unknown"
    gemm = os.environ.get("MBO4J_GEMM", "").strip()
    return line + (" gemm=" + gemm if gemm else "")


def verdict(best, file_best, minimise):
    return BEATS if (best < file_best if minimise else best > file_best) else MISSES


def now_utc():
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


# --- rendering ---

def fmt(v, spec=".4f"):
    return "—" if v is None else format(v, spec)


def wrap(text):
    """A generated paragraph in lines of at most 120 columns."""
    return textwrap.fill(text, 120, break_long_words=False, break_on_hyphens=False)


def cell(text):
    return str(text).replace("|", "\\|").replace("\n", " ")


def table(records):
    """One suite's runs as markdown: a line naming k and seed when all rows share them (else two more columns)."""
    ks, seeds = sorted({r["k"] for r in records}), sorted({r["seed"] for r in records})
    shared = len(ks) == 1 and len(seeds) == 1
    lines = []
    if shared:
        lines += [wrap(f"k = {ks[0]} designs per run, seed {seeds[0]}, paper settings; true scores computed outside "
                       "the toolkit." + (" Build (none): a row converted from an earlier table, whose run did not "
                                         "record its code." if any(r["build"] is None for r in records) else "")), ""]
    head = HEADER if shared else HEADER.replace("| method |", "| method | seed | k |")
    lines += [head, "|" + "---|" * head.count(" |")]
    for r in sorted(records, key=sort_key):
        v = r["verdict"]
        v = "**does not beat**" if v == MISSES else cell(v)
        extra = "" if shared else f" {r['seed']} | {r['k']} |"
        build = "(none)" if r["build"] is None else f"`{cell(r['build'])}`"
        date = "(none)" if r["finishedAt"] is None else r["finishedAt"][:10]
        lines.append(f"| {r['function']} | {r['rows']} | {fmt(r['fileBest'])} | {r['method']} |{extra} "
                     f"{fmt(r['best'])} | {fmt(r['median'])} | {v} | {fmt(r['seconds'], '.0f')} | {build} | {date} |")
    return "\n".join(lines)


def summary(records, where):
    """'X of Y runs beat the file', errors, functions every run beats, the runs that do not, rows without a build."""
    beat = [r for r in records if r["verdict"] == BEATS]
    errors = [r for r in records if r["verdict"] not in (BEATS, MISSES)]
    parts = [f"**{len(beat)} of {len(records)} runs {where}beat the file.**"]
    if errors:
        parts.append(f"{len(errors)} ended in an error.")
    functions = sorted({r["function"] for r in records}, key=lambda f: sort_key({**records[0], "function": f}))
    every = [f for f in functions if all(r["verdict"] == BEATS for r in records if r["function"] == f)]
    if every and len(every) < len(functions):
        parts.append("Every run beats it on " + ", ".join(f"`{f}`" for f in every) + ".")
    lines = [wrap(" ".join(parts))]
    misses = [(f, [r for r in sorted(records, key=sort_key) if r["function"] == f and r["verdict"] != BEATS])
              for f in functions]
    misses = [(f, rs) for f, rs in misses if rs]
    if misses and where:
        lines += ["", "Runs that do not:", ""]
        for f, rs in misses:
            names = [r["method"] + ("" if r["verdict"] == MISSES else " (error)")
                     + ("" if len({(x['seed'], x['k']) for x in records}) == 1 else f" (seed {r['seed']}, k {r['k']})")
                     for r in rs]
            lines.append(f"- `{f}`: " + ", ".join(names))
    unbuilt = [r for r in records if r["build"] is None]
    if unbuilt:
        sources = sorted({r.get("source") or "no source given" for r in unbuilt})
        lines.append("")
        lines.append(wrap(f"{len(unbuilt)} of these {len(records)} rows have no recorded build ((none) in the build "
                          f"column; {'; '.join(sources)})."))
    return "\n".join(lines)


def one(records, function, method=None, seed=None, k=None, placeholder=""):
    rs = [r for r in records if r["function"] == function and (method is None or r["method"] == method)
          and (seed is None or r["seed"] == seed) and (k is None or r["k"] == k)]
    if not rs:
        raise RecordsError(f"template placeholder {{{{{placeholder}}}}} names no recorded run; run it or change the "
                           "placeholder")
    if method is not None and len(rs) > 1:
        raise RecordsError(f"template placeholder {{{{{placeholder}}}}} matches {len(rs)} runs; name seed and k: "
                           f"{{{{{placeholder}:SEED:K}}}}")
    return rs


def render(records, template=None):
    """The page: template (DEFAULT_TEMPLATE when None) with its placeholders filled from records. RecordsError when a
    placeholder is unknown or names no run, or when a record would appear in no table."""
    template = DEFAULT_TEMPLATE if template is None else template
    by_suite = {}
    for r in records:
        by_suite.setdefault(suite_of(r["function"]), []).append(r)
    tabled = set()

    def fill(m):
        text = m.group(1).strip()
        body, _, spec = text.partition("|")
        spec = spec or ".4f"
        parts = body.split(":")
        kind = parts[0]
        if kind in ("table", "summary") and len(parts) == 2:
            if parts[1] == "all" and kind == "summary":
                return summary(records, "") if records else "No runs recorded."
            if parts[1] not in list(SUITES) + ["other"]:
                raise RecordsError(f"template placeholder {{{{{text}}}}}: no suite {parts[1]}; use one of "
                                   + ", ".join(list(SUITES) + ["other", "all"]))
            rs = by_suite.get(parts[1], [])
            if not rs:
                return f"No runs of the {parts[1]} suite recorded."
            if kind == "table":
                tabled.add(parts[1])
                return table(rs)
            return summary(rs, "of this suite ")
        if kind in ("best", "median") and len(parts) in (3, 5):
            try:
                seed, k = (int(parts[3]), int(parts[4])) if len(parts) == 5 else (None, None)
            except ValueError:
                raise RecordsError(f"template placeholder {{{{{text}}}}}: seed and k must be integers")
            r = one(records, parts[1], parts[2], seed, k, body)[0]
            return fmt(r[kind], spec)
        if kind in ("fileBest", "rows") and len(parts) == 2:
            values = {r[kind] for r in one(records, parts[1], placeholder=body)}
            # the page shows the formatted number: runs whose file best agrees to that precision (rows converted
            # from the old hand-written table carry it rounded) are on one file as far as the page can tell
            shown = {str(v) if kind == "rows" else fmt(v, spec) for v in values}
            if len(shown) > 1:
                raise RecordsError(f"template placeholder {{{{{text}}}}}: the runs of {parts[1]} had different files "
                                   f"({sorted(values)}); rerun them on one file")
            return shown.pop()
        raise RecordsError(f"unknown template placeholder {{{{{text}}}}}; use table:SUITE, summary:SUITE|all, "
                           "best:F:M[:SEED:K], median:F:M[:SEED:K], fileBest:F or rows:F")

    body = re.sub(r"\{\{([^{}]*)\}\}", fill, template)
    untabled = sorted(set(by_suite) - tabled)
    if untabled:
        raise RecordsError(f"records of suite(s) {', '.join(untabled)} appear in no table; add "
                           + " ".join(f"{{{{table:{s}}}}}" for s in untabled) + " to the template")
    notice = ("<!-- Generated by `python3 benchmarks/propose_hidden.py --render` from results.json and template.md\n"
              "     in this folder: edit those, not this file. -->\n")
    return notice + body.rstrip("\n") + "\n"


def render_dir(results_dir):
    """Rewrites results_dir/README.md from its results.json and template.md (the default page without one)."""
    path = os.path.join(results_dir, "results.json")
    if not os.path.exists(path):
        raise RecordsError(f"no records: {path} does not exist; run the sweep or --import-markdown first")
    records = load_records(path)
    tpath = os.path.join(results_dir, "template.md")
    template = None
    if os.path.exists(tpath):
        with open(tpath) as fh:
            template = fh.read()
    out = os.path.join(results_dir, "README.md")
    write_atomic(out, render(records, template))
    return out


# --- conversion of the earlier markdown tables ---

def git_version(path):
    """'<short commit> (<date>)' of the last commit that touched path, or 'an uncommitted version'."""
    try:
        out = subprocess.run(["git", "-C", os.path.dirname(os.path.abspath(path)), "log", "-1", "--format=%h (%cs)",
                              "--", os.path.abspath(path)], capture_output=True, text=True).stdout.strip()
    except OSError:
        out = ""
    return out or "an uncommitted version"


def parse_markdown(text, seed, k, source):
    """Records for the rows of every table in text with the earlier 8-column header. Each row's verdict must agree
    with its numbers; RecordsError names the first row that does not parse or disagrees."""
    records, in_table = [], False
    for n, line in enumerate(text.splitlines(), 1):
        cells = [c.strip() for c in line.strip().strip("|").split("|")] if line.lstrip().startswith("|") else None
        if cells is None:
            in_table = False
            continue
        if cells == OLD_HEADER:
            in_table = True
            continue
        if not in_table or set("".join(cells)) <= set("-: "):
            continue
        where = f"line {n} ({line.strip()})"
        if len(cells) != len(OLD_HEADER):
            raise RecordsError(f"{where} has {len(cells)} cells, not {len(OLD_HEADER)}; fix the row")
        fn, rows, file_best, method, best, median, v, secs = cells
        if fn not in FUNCTIONS:
            raise RecordsError(f"{where}: unknown function {fn}; choose from {', '.join(FUNCTIONS)}")
        minimise = FUNCTIONS[fn][5]
        v = v.strip("*").strip()
        try:
            rows, file_best, secs = int(rows), float(file_best), float(secs)
            best = None if v.startswith("error") else float(best)
            median = None if v.startswith("error") else float(median)
        except ValueError as e:
            raise RecordsError(f"{where}: {e}; fix the row")
        if not v.startswith("error"):
            v = v.lower()
            if v not in (BEATS, MISSES):
                raise RecordsError(f"{where}: verdict {v!r} is none of {BEATS!r}, {MISSES!r}, 'error: ...'")
            if v != verdict(best, file_best, minimise):
                raise RecordsError(f"{where}: the verdict says {v!r} but best {best} against file best {file_best} "
                                   f"says {verdict(best, file_best, minimise)!r}; fix the row")
        records.append({"function": fn, "dims": FUNCTIONS[fn][1], "method": method, "seed": seed, "k": k,
                        "rows": rows, "minimise": minimise, "fileBest": file_best, "best": best, "median": median,
                        "verdict": v, "seconds": secs, "finishedAt": None, "command": None, "build": None,
                        "source": source})
    if not records:
        raise RecordsError("no table with the header | " + " | ".join(OLD_HEADER) + " | found; name the right file")
    return records


# --- the runs ---

def run_one(fname, method, path, data, args, tmp):
    """Runs `./mbo4j propose` on path and returns the run's record."""
    f, d, lo, hi, n, minimise = FUNCTIONS[fname]
    best = min(y for _, y in data) if minimise else max(y for _, y in data)
    out = os.path.join(tmp, f"{fname}-{method}.csv")
    t0 = time.time()
    r = subprocess.run([os.path.join(ROOT, "mbo4j"), "propose", "--data", path, "--method", method,
                        "--k", str(args.k), "--seed", str(args.seed), "--out", out]
                       + (["--minimize"] if minimise else []),
                       capture_output=True, text=True)
    secs = time.time() - t0
    rec = {"function": fname, "dims": d, "method": method, "seed": args.seed, "k": args.k, "rows": len(data),
           "minimise": minimise, "fileBest": best, "best": None, "median": None, "verdict": None,
           "seconds": round(secs, 1), "finishedAt": now_utc(), "command": shlex.join(sys.argv),
           "build": build_line()}
    if r.returncode != 0:
        err = (r.stderr.strip().splitlines() or ["?"])[-1]
        rec["verdict"] = err if err.startswith("error:") else "error: " + err
        print(f"{fname} {method}: {err}", file=sys.stderr)
        return rec
    with open(out) as fh:
        if is_sequence(fname):
            true = [f(row["seq"].lower()) for row in csv.DictReader(fh)]
        else:
            true = [f([float(row[f"x{i + 1}"]) for i in range(d)]) for row in csv.DictReader(fh)]
    rec["best"] = min(true) if minimise else max(true)
    rec["median"] = sorted(true)[len(true) // 2]
    rec["verdict"] = verdict(rec["best"], best, minimise)
    print(f"{fname} {method}: file best {best:.4f}, proposals best {rec['best']:.4f} ({secs:.0f} s)", file=sys.stderr)
    return rec


def current_build():
    """The build line the launcher writes now: launches `./mbo4j --help` (which builds when sources changed and
    rewrites mbo4j-build.txt), then reads it."""
    r = subprocess.run([os.path.join(ROOT, "mbo4j"), "--help"], capture_output=True, text=True)
    if r.returncode != 0:
        err = (r.stderr.strip().splitlines() or ["?"])[-1]
        raise RecordsError(f"./mbo4j --help failed ({err}); fix the build before --resume")
    return build_line()


def done_runs(records, build):
    """The records --resume skips, by key: those of this build that did not end in an error."""
    return {key(r): r for r in records if build is not None and r["build"] == build and r["verdict"] in (BEATS, MISSES)}


def sweep(args, names):
    results_dir = args.results
    done = {}
    if args.resume:
        build = current_build()
        done = done_runs(load_records(os.path.join(results_dir, "results.json")), build)
        print(f"--resume: build {build}; {len(done)} recorded runs of it", file=sys.stderr)
    ran = []
    with tempfile.TemporaryDirectory() as tmp:
        for fname in names:
            f, d, lo, hi, n, minimise = FUNCTIONS[fname]
            data = dataset(f, d, lo, hi, n, minimise, seed=12345)
            path = os.path.join(tmp, fname + ".csv")
            with open(path, "w", newline="") as fh:
                w = csv.writer(fh)
                if is_sequence(fname):
                    w.writerow(["seq", "y"])
                    for x, y in data:
                        w.writerow([x, f"{y:.6f}"])
                else:
                    w.writerow([f"x{i + 1}" for i in range(d)] + ["y"])
                    for x, y in data:
                        w.writerow([f"{v:.6f}" for v in x] + [f"{y:.6f}"])
            for m in args.methods.split(","):
                k = (fname, m, args.seed, args.k)
                if k in done:
                    print(f"{fname} {m}: recorded with this build on {done[k]['finishedAt']}; skipped",
                          file=sys.stderr)
                    continue
                rec = run_one(fname, m, path, data, args, tmp)
                add_records(results_dir, [rec])
                ran.append(rec)
    if ran:
        print(table(ran))
    print(f"records: {os.path.join(results_dir, 'results.json')}; page: {render_dir(results_dir)}", file=sys.stderr)
    return 0 if all(r["verdict"] == BEATS for r in ran) else 1


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--methods", default=",".join(METHODS))
    ap.add_argument("--suite", choices=["basic", "extended", "sequence", "all"], default="basic",
                    help="basic: bowl5, bumps4; extended: " + ", ".join(SUITES["extended"]) + "; sequence: "
                    + ", ".join(SUITES["sequence"]) + "; all: the three")
    ap.add_argument("--functions", help="comma-separated functions (overrides --suite): " + ", ".join(FUNCTIONS))
    ap.add_argument("--k", type=int, default=32)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--results", default=DEFAULT_RESULTS, metavar="DIR",
                    help="folder of results.json, template.md and the generated README.md (default %(default)s)")
    ap.add_argument("--resume", action="store_true", help="skip runs recorded, without error, by the current build")
    ap.add_argument("--render", action="store_true", help="no runs: rewrite DIR/README.md from the records")
    ap.add_argument("--import-markdown", metavar="FILE",
                    help="no runs: add FILE's table rows (earlier format) as records without a build, then render")
    args = ap.parse_args(argv)
    try:
        if args.render:
            print(render_dir(args.results), file=sys.stderr)
            return 0
        if args.import_markdown:
            with open(args.import_markdown) as fh:
                text = fh.read()
            rel = os.path.relpath(os.path.abspath(args.import_markdown), ROOT)
            source = f"converted from {rel} of {git_version(args.import_markdown)}"
            new = parse_markdown(text, args.seed, args.k, source)
            before = len(load_records(os.path.join(args.results, "results.json")))
            after = len(add_records(args.results, new, keep_existing=True))
            print(f"{after - before} of {len(new)} rows added ({source}); page: {render_dir(args.results)}",
                  file=sys.stderr)
            return 0
        if args.k < 1:
            raise RecordsError(f"--k {args.k}: k must be at least 1")
        names = (args.functions.split(",") if args.functions
                 else SUITES["basic"] + SUITES["extended"] + SUITES["sequence"] if args.suite == "all"
                 else SUITES[args.suite])
        unknown = [n for n in names if n not in FUNCTIONS]
        if unknown:
            raise RecordsError(f"unknown function {', '.join(unknown)}; choose from {', '.join(FUNCTIONS)}")
        return sweep(args, names)
    except (RecordsError, OSError) as e:
        sys.exit(f"propose_hidden: {e}")


if __name__ == "__main__":
    sys.exit(main())
