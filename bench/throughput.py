"""Throughput benchmark (not a test): how fast tiban runs, where the time goes, how memory behaves.

    .venv/bin/python bench/throughput.py --docs 1000            # the standard report
    .venv/bin/python bench/throughput.py --docs 300 --scale 1000,10000   # plus flat-memory check

Builds N distinct invented reports (sentences from corpora/engine/bench_sentences.txt, 1.5-6 k
characters, half of them in traditional script) as txt (UTF-8 and GB18030), HTML, DOCX and PDF,
then runs `tiban run` on them in a subprocess while sampling the resident memory of its whole
process tree, and prints:

* docs/s and MB/s per format (per worker: documents / summed in-worker seconds), PDF pages/s;
* seconds per stage (ingest, normalise, segment, extract, classify, write);
* peak RSS of the parent and of the process tree;
* the speed-up from -j 1 to -j N on the mixed corpus;
* on the txt subset: the ratio of `tiban run -j 1` wall time to reading the same files and
  segmenting them with jieba alone (both timed as fresh processes, imports included);
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
LINES_PER_PAGE = 50  # make_docs' A4 page holds 52 lines of 14.4 pt; 50 leaves a margin


def _templates() -> dict[str, list[str]]:
    from pipeline.resources import load_tsv

    kinds: dict[str, list[str]] = {"T": [], "H": [], "S": []}
    for kind, text in load_tsv("engine", "bench_sentences.txt"):
        kinds[kind].append(text)
    return kinds


def invent(rng: random.Random, kinds: dict[str, list[str]]) -> tuple[str, list[str]]:
    """(title, paragraphs) of one invented report of 1.5-6 k characters (real reports: 1-10 pages)."""
    fill = lambda s: s.format(  # noqa: E731
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
    """Samples the resident memory of a process and its children until stopped."""

    def __init__(self, pid: int):
        self.proc = psutil.Process(pid)
        self.parent = self.tree = self.worker = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                parent = self.proc.memory_info().rss
                kids = [c.memory_info().rss for c in self.proc.children(recursive=True)]
            except psutil.Error:
                break
            self.parent = max(self.parent, parent)
            self.tree = max(self.tree, parent + sum(kids))
            self.worker = max(self.worker, max(kids, default=0))
            time.sleep(SAMPLE)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


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
    """Wall time, last stdout line and memory peaks of a fresh Python process running `script`."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", script, *args], stdout=subprocess.PIPE, text=True, env=env)
    rss = TreeRSS(proc.pid)
    out, _ = proc.communicate()
    wall = time.perf_counter() - t0
    rss.stop()
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


def _txt_subset(corpus: Path, dest: Path) -> Path:
    """The txt documents of a corpus alone (hard links), for the jieba comparison."""
    done = dest.with_name(dest.name + ".complete")
    if not done.exists():
        dest.mkdir(parents=True, exist_ok=True)
        for path in (corpus / "txt").glob("*.txt"):
            target = dest / path.name
            if not target.exists():
                os.link(path, target)
        done.touch()
    return dest


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=1000, help="documents in the mixed corpus")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2, help="N for the -j 1 vs -j N speed-up")
    ap.add_argument("--scale", default="", help="comma-separated corpus sizes for the flat-memory check")
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/tiban-bench"))
    args = ap.parse_args()
    work = args.workdir
    print(f"tiban throughput benchmark: {os.cpu_count()} cores, python {sys.version.split()[0]}, "
          f"load average {os.getloadavg()[0]:.1f} (other work on the machine slows every figure)")
    t0 = time.perf_counter()
    corpus = build_corpus(work / f"corpus-{args.docs}", args.docs)
    print(f"corpus: {args.docs} docs in {corpus} (built/reused in {time.perf_counter() - t0:.1f} s)")

    wall_n, s_n, rss_n = run_tiban(corpus, work / "out-jN", args.jobs)
    report_run(f"mixed corpus, -j {args.jobs}", wall_n, s_n, rss_n)
    wall_1, s_1, rss_1 = run_tiban(corpus, work / "out-j1", 1)
    report_run("mixed corpus, -j 1", wall_1, s_1, rss_1)
    _, cpu, _ = timed(_CPU, str(args.jobs))
    print(f"\nspeed-up -j 1 → -j {args.jobs}: {wall_1 / wall_n:.2f}x "
          f"(this machine's ceiling: a pure-Python CPU loop in {args.jobs} processes runs {float(cpu):.2f}x faster)")

    txt = _txt_subset(corpus, work / f"txt-{args.docs}")
    wall_t, s_t, _ = run_tiban(txt, work / "out-txt", 1)
    wall_j, tokens, _ = timed(_JIEBA, str(txt))
    print(f"\ntxt only ({s_t['total']} docs): tiban run -j 1 {wall_t:.2f} s, read + jieba alone {wall_j:.2f} s "
          f"({tokens} tokens): ratio {wall_t / wall_j:.2f}")

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
