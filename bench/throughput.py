"""Throughput benchmark (not a test): how fast tiban runs, where the time goes, how memory behaves.

    .venv/bin/python bench/throughput.py --docs 1000            # the standard report
    .venv/bin/python bench/throughput.py --repeat 3             # ratio and speed-up as medians of 3 runs
    .venv/bin/python bench/throughput.py --docs 300 --scale 1000,10000   # plus flat-memory check

Builds N distinct invented reports (sentences from corpora/engine/bench_sentences.txt, 1.5-6 k
characters, half of them in traditional script) as txt (UTF-8 and GB18030), HTML, DOCX and PDF,
then runs `tiban run` on them in a subprocess while sampling the resident memory of its whole
process tree, and prints:

* docs/s and MB/s per format (per worker: documents / summed in-worker seconds), PDF pages/s;
* seconds per stage (ingest, normalise, segment, extract, classify, write);
* peak RSS of the parent and of the process tree;
* the speed-up from -j 1 to -j N on the mixed corpus;
* on a txt-only corpus of --txt-docs documents (default 2,000: an archive run, where fixed start-up
  weighs what it does in practice): the ratio of `tiban run -j 1` to reading the same files and
  segmenting them with `jieba.lcut` (default dictionary, one process). Both sides are fresh
  processes timed from launch to exit, so start-up (imports, dictionaries, model, warm-up) is
  INCLUDED on both sides. Printed for wall time and for CPU time (user+system summed over the
  process tree): on a machine shared with other work, CPU time is the steadier figure;
* with --scale: parent and tree peak RSS and PDF pages/s for each corpus size.

Corpora are cached in --workdir (default /tmp/tiban-bench) so repeated runs skip generation.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

MIX = (("txt", 0.40), ("html", 0.25), ("docx", 0.15), ("pdf", 0.20))  # a scraped archive: mostly text/HTML
SAMPLE = 0.05  # seconds between RSS samples of the run's process tree
#: wait4's CPU time of the direct child counts descendants it reaped too; more than this beyond its
#: last sampled own time means it did (they were sampled already), so the sampled figure is kept.
REAPED_SLACK = 0.5
LINES_PER_PAGE = 50  # make_docs' A4 page holds 52 lines of 14.4 pt; 50 leaves a margin


def _templates() -> dict[str, list[str]]:
    from pipeline.resources import load_tsv

    kinds: dict[str, list[str]] = {"T": [], "H": [], "S": []}
    for kind, text in load_tsv("engine", "bench_sentences.txt"):
        kinds[kind].append(text)
    return kinds


def invent(rng: random.Random, kinds: dict[str, list[str]]) -> tuple[str, list[str]]:
    """(title, paragraphs) of one invented report of 1.5-6 k characters (real reports: 1-10 pages)."""
    fill = lambda s: s.format(
        n=rng.randint(1, 400), m=rng.randint(1, 90), k=rng.randint(1, 60), p=round(rng.uniform(85, 100), 1),
        q=round(rng.uniform(90, 100), 1), y=rng.randint(2008, 2025), a=rng.randint(1, 99),
    )
    target = rng.randint(1500, 6000)
    paragraphs, size = [], 0
    for heading in kinds["H"] * 4:
        paragraphs.append(heading)
        for _ in range(rng.randint(2, 5)):
            para = "".join(fill(rng.choice(kinds["S"])) for _ in range(rng.randint(2, 5)))
            paragraphs.append(para)
            size += len(para)
        if size >= target:
            break
    return fill(rng.choice(kinds["T"])), paragraphs


def _write_doc(fmt: str, path: Path, title: str, paragraphs: list[str], rng: random.Random) -> Path:
    import make_docs

    if fmt == "txt":
        text = "\n".join([title, *paragraphs])
        return make_docs.make_text(text, path.with_suffix(".txt"), encoding=rng.choice(["utf-8", "gb18030"]))
    if fmt == "html":
        return make_docs.make_html(paragraphs, path.with_suffix(".html"), title=title)
    if fmt == "docx":
        return make_docs.make_docx([title, *paragraphs], [], path.with_suffix(".docx"))
    lines = make_docs.page_lines("\n".join([title, *paragraphs]))
    pages = ["\n".join(lines[i : i + LINES_PER_PAGE]) for i in range(0, len(lines), LINES_PER_PAGE)]
    return make_docs.make_pdf(pages, path.with_suffix(".pdf"))


def build_corpus(folder: Path, n: int, seed: int = 7) -> Path:
    """N distinct invented reports in the format mix (cached: a complete folder is reused)."""
    done = folder.with_name(folder.name + ".complete")  # beside, not inside: it would be an input
    if done.exists():
        return folder
    import opencc

    folder.mkdir(parents=True, exist_ok=True)
    rng, kinds, t2 = random.Random(seed), _templates(), opencc.OpenCC("s2t")
    formats, weights = zip(*MIX)
    for i in range(n):
        title, paragraphs = invent(rng, kinds)
        if i % 2:  # half traditional script, as scraped from HK/TW-style or converted sites
            title, paragraphs = t2.convert(title), [t2.convert(p) for p in paragraphs]
        fmt = rng.choices(formats, weights)[0]
        sub = folder / fmt
        sub.mkdir(exist_ok=True)
        _write_doc(fmt, sub / f"r{i:06d}", title, paragraphs, rng)
    done.touch()
    return folder


class TreeRSS:
    """Samples the resident memory and CPU time of a process and its children until stopped.

    CPU time is each process's own user+system time at its last sample, summed over every process
    seen; a process's last SAMPLE seconds before it exits may be missed (< 1 % of a run)."""

    def __init__(self, pid: int):
        self.proc = psutil.Process(pid)
        self.parent = self.tree = self.worker = 0
        self.cpu_by_pid: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                parent = self.proc.memory_info().rss
                children = self.proc.children(recursive=True)
                kids = [c.memory_info().rss for c in children]
            except psutil.Error:
                break
            for p in [self.proc, *children]:
                try:
                    t = p.cpu_times()
                    self.cpu_by_pid[p.pid] = t.user + t.system
                except psutil.Error:
                    pass
            self.parent = max(self.parent, parent)
            self.tree = max(self.tree, parent + sum(kids))
            self.worker = max(self.worker, max(kids, default=0))
            time.sleep(SAMPLE)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def parent_cpu(self) -> float:
        return self.cpu_by_pid.get(self.proc.pid, 0.0)

    @property
    def cpu(self) -> float:
        return sum(self.cpu_by_pid.values())


_CPU = """
import sys, time
from multiprocessing import Pool
def work(_):
    return sum(i * i for i in range(2_000_000))
if __name__ == "__main__":
    walls = []
    for n in (1, int(sys.argv[1])):
        t = time.perf_counter()
        with Pool(n) as pool:
            pool.map(work, range(8))
        walls.append(time.perf_counter() - t)
    print(walls[0] / walls[1])
"""

_RUN = """
import json, sys
from pipeline.batch import run
s = run([sys.argv[1]], sys.argv[2], jobs=int(sys.argv[3]), quiet=True, force=True)
print(json.dumps({k: getattr(s, k) for k in ("total", "ok", "failed", "elapsed", "by_format", "bytes_by_format",
                  "seconds_by_format", "stage_seconds", "pages")}))
"""

_JIEBA = """
import sys, time, jieba
from pathlib import Path
tk = jieba.Tokenizer()
tokens = 0
for path in sorted(Path(sys.argv[1]).rglob("*.txt")):
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("gb18030")
    tokens += len(tk.lcut(text))
print(tokens)
"""


def timed(script: str, *args: str) -> tuple[float, str, TreeRSS]:
    """Wall time, last stdout line and memory/CPU of a fresh Python process running `script`.

    The direct child's CPU time is exact (wait4); its descendants' comes from sampling."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", script, *args], stdout=subprocess.PIPE, text=True, env=env)
    rss = TreeRSS(proc.pid)
    out = proc.stdout.read() if proc.stdout else ""
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    rss.stop()
    own, sampled = usage.ru_utime + usage.ru_stime, rss.cpu_by_pid.get(proc.pid, 0.0)
    if own < sampled + REAPED_SLACK:  # exact own time, unless it already holds reaped descendants' time
        rss.cpu_by_pid[proc.pid] = max(own, sampled)
    if proc.returncode:
        raise SystemExit(f"benchmark subprocess failed ({proc.returncode})")
    return wall, out.strip().splitlines()[-1], rss


def run_tiban(corpus: Path, out: Path, jobs: int) -> tuple[float, dict, TreeRSS]:
    wall, line, rss = timed(_RUN, str(corpus), str(out), str(jobs))
    return wall, json.loads(line), rss


MB = 1e6


def report_run(label: str, wall: float, s: dict, rss: TreeRSS) -> None:
    print(f"\n== {label}: {s['total']} docs ({s['ok']} ok, {s['failed']} failed) in {wall:.1f} s wall "
          f"({s['total'] / wall:.1f} docs/s, {sum(s['bytes_by_format'].values()) / MB / wall:.2f} MB/s)")
    print(f"   peak RSS: parent {rss.parent / 2**20:.0f} MiB, largest worker {rss.worker / 2**20:.0f} MiB, "
          f"whole tree {rss.tree / 2**20:.0f} MiB")
    print(f"   CPU: whole tree {rss.cpu:.1f} s, of which the parent (reading, writing, scheduling) {rss.parent_cpu:.1f} s")
    print("   per format (per worker):")
    for fmt, count in sorted(s["by_format"].items()):
        sec = s["seconds_by_format"][fmt] or 1e-9
        extra = f", {s['pages'] / sec:.1f} pages/s" if fmt == "pdf" and s["pages"] else ""
        print(f"     {fmt:8s} {count:6d} docs  {count / sec:8.1f} docs/s  {s['bytes_by_format'][fmt] / MB / sec:6.2f} MB/s{extra}")
    total = sum(s["stage_seconds"].values()) or 1e-9
    print("   time per stage (summed over workers):")
    for stage in ("ingest", "normalise", "segment", "extract", "classify", "write"):
        sec = s["stage_seconds"].get(stage, 0.0)
        print(f"     {stage:10s} {sec:8.2f} s  {100 * sec / total:5.1f} %")


def build_txt_corpus(folder: Path, n: int, seed: int = 11) -> Path:
    """N distinct invented reports as txt only (UTF-8 or GB18030, half in traditional script), cached."""
    done = folder.with_name(folder.name + ".complete")
    if done.exists():
        return folder
    import opencc

    folder.mkdir(parents=True, exist_ok=True)
    rng, kinds, t2 = random.Random(seed), _templates(), opencc.OpenCC("s2t")
    for i in range(n):
        title, paragraphs = invent(rng, kinds)
        if i % 2:
            title, paragraphs = t2.convert(title), [t2.convert(p) for p in paragraphs]
        _write_doc("txt", folder / f"t{i:06d}", title, paragraphs, rng)
    done.touch()
    return folder


def speedup(work: Path, docs: int, jobs: int, repeat: int = 1) -> None:
    """The mixed corpus at -j N and -j 1: per-format rates, stages, memory, speed-up (with `repeat`
    > 1, that many alternating pairs and their median; the first pair is reported in full)."""
    t0 = time.perf_counter()
    corpus = build_corpus(work / f"corpus-{docs}", docs)
    print(f"corpus: {docs} docs in {corpus} (built/reused in {time.perf_counter() - t0:.1f} s)")
    gains = []
    for k in range(repeat):
        wall_n, s_n, rss_n = run_tiban(corpus, work / "out-jN", jobs)
        wall_1, s_1, rss_1 = run_tiban(corpus, work / "out-j1", 1)
        if k == 0:
            report_run(f"mixed corpus, -j {jobs}", wall_n, s_n, rss_n)
            report_run("mixed corpus, -j 1", wall_1, s_1, rss_1)
        _, cpu, _ = timed(_CPU, str(jobs))
        gains.append(wall_1 / wall_n)
        print(f"\nspeed-up -j 1 → -j {jobs}: {wall_1 / wall_n:.2f}x (-j 1 {wall_1:.1f} s, -j {jobs} {wall_n:.1f} s; "
              f"this machine's ceiling: a pure-Python CPU loop in {jobs} processes runs {float(cpu):.2f}x faster; "
              f"CPU time -j 1 {rss_1.cpu:.1f} s, -j {jobs} {rss_n.cpu:.1f} s)")
    if repeat > 1:
        gains.sort()
        print(f"speed-up over {repeat} alternating pairs: median {gains[repeat // 2]:.2f}x ({gains[0]:.2f}-{gains[-1]:.2f})")


def jieba_ratio(work: Path, docs: int, repeat: int = 1) -> None:
    """`tiban run -j 1` against reading + jieba.lcut alone, on the same txt files, start-up included.

    With `repeat` > 1 the two sides run alternately that many times and the median ratio is printed
    too: on a shared machine one pair of runs can be off by 10 % either way (measured: 1.44-1.56)."""
    t0 = time.perf_counter()
    txt = build_txt_corpus(work / f"txt-only-{docs}", docs)
    print(f"\ntxt corpus: {docs} docs in {txt} (built/reused in {time.perf_counter() - t0:.1f} s)")
    ratios = []
    for _ in range(repeat):
        wall_t, s_t, rss_t = run_tiban(txt, work / "out-txt", 1)
        wall_j, tokens, rss_j = timed(_JIEBA, str(txt))
        ratios.append((wall_t / wall_j, rss_t.cpu / rss_j.cpu))
        print(f"txt only ({s_t['total']} docs, {s_t['ok']} ok; start-up included on both sides): "
              f"tiban run -j 1 {wall_t:.2f} s wall / {rss_t.cpu:.2f} s CPU, read + jieba.lcut alone {wall_j:.2f} s wall / "
              f"{rss_j.cpu:.2f} s CPU ({tokens} tokens): ratio {wall_t / wall_j:.2f} wall, {rss_t.cpu / rss_j.cpu:.2f} CPU")
        print("   tiban seconds per stage (worker): " + ", ".join(
            f"{k} {s_t['stage_seconds'].get(k, 0.0):.2f}" for k in ("ingest", "normalise", "segment", "extract", "classify", "write")))
    if repeat > 1:
        walls, cpus = sorted(r[0] for r in ratios), sorted(r[1] for r in ratios)
        print(f"ratio over {repeat} alternating runs: median {walls[repeat // 2]:.2f} wall ({walls[0]:.2f}-{walls[-1]:.2f}), "
              f"median {cpus[repeat // 2]:.2f} CPU")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=1000, help="documents in the mixed corpus")
    ap.add_argument("--txt-docs", type=int, default=2000, help="documents in the txt-only corpus of the jieba ratio")
    ap.add_argument("--only", choices=("all", "ratio", "speedup"), default="all", help="run one part only")
    ap.add_argument("--repeat", type=int, default=1, help="run the ratio and the speed-up this many times (medians printed)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2, help="N for the -j 1 vs -j N speed-up")
    ap.add_argument("--scale", default="", help="comma-separated corpus sizes for the flat-memory check")
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/tiban-bench"))
    args = ap.parse_args()
    work = args.workdir
    print(f"tiban throughput benchmark: {os.cpu_count()} cores, python {sys.version.split()[0]}, "
          f"load average {os.getloadavg()[0]:.1f} (other work on the machine slows every figure)")
    if args.only in ("all", "speedup"):
        speedup(work, args.docs, args.jobs, args.repeat)
    if args.only in ("all", "ratio"):
        jieba_ratio(work, args.txt_docs, args.repeat)
    print(f"load average now {os.getloadavg()[0]:.1f}")
    for n in [int(x) for x in args.scale.split(",") if x.strip()]:
        big = build_corpus(work / f"corpus-{n}", n)
        wall, s, rss = run_tiban(big, work / f"out-{n}", args.jobs)
        pdf_sec = s["seconds_by_format"].get("pdf", 0) or 1e-9
        print(f"\nscale {n} docs, -j {args.jobs}: {wall:.1f} s, {n / wall:.1f} docs/s, PDF {s['pages'] / pdf_sec:.1f} "
              f"pages/s per worker, peak RSS parent {rss.parent / 2**20:.0f} MiB, tree {rss.tree / 2**20:.0f} MiB, "
              f"largest worker {rss.worker / 2**20:.0f} MiB")


if __name__ == "__main__":
    main()
