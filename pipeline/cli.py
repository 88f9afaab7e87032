"""The `tiban` command: a thin click layer over the Python API.

It holds no logic: every command calls one API function and turns typed errors into a one-line
message. Exit status: 0 when every input was processed, 1 when some inputs failed (the dataset is
still written), 2 on usage errors (click's own convention) and when a run stops to protect the
dataset (a manifest that cannot be trusted, an OUTDIR that cannot be written).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from pipeline.engine import ENGINES
from pipeline.errors import ManifestError, OutputError, TibanError, UsageError

STOPPED = 2  # exit status of a run stopped to protect the dataset (damaged manifest, unwritable OUTDIR)
from pipeline.write.writer import FORMATS


def _fail_usage(exc: Exception) -> None:
    raise click.UsageError(str(exc))


def _parse_size(text: str) -> int:
    """'2G', '512M', '1500000' → bytes; sizes are what a person types on a command line."""
    units = {"K": 1024, "M": 1024**2, "G": 1024**3}
    text = text.strip().upper().removesuffix("IB").removesuffix("B")
    if text and text[-1] in units:
        return int(float(text[:-1]) * units[text[-1]])
    return int(text)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="tiban")
def main() -> None:
    """tiban (提办): turn Chinese handling reports on 人大代表建议 and 政协提案 into a tidy dataset."""


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--output", "outdir", required=True, type=click.Path(file_okay=False), help="Dataset folder.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="parquet", show_default=True, help="Table format.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help="Worker processes [default: cores].")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=60.0, show_default=True, help="Seconds per document.")
@click.option("--max-memory", default="2G", show_default=True, help="Memory per document, e.g. 512M, 2G.")
@click.option("--force", is_flag=True, help="Redo every input, even those already in OUTDIR's manifest.")
@click.option("--rebuild-manifest", is_flag=True, help="Remake OUTDIR's manifest from its part files first (after damage).")
@click.option("--engine", type=click.Choice(ENGINES), default="local", show_default=True, help="Where to run.")
@click.option("--scheduler", default=None, help="Dask scheduler address (with --engine dask); default: a LocalCluster.")
@click.option("-q", "--quiet", is_flag=True, help="No progress, only errors and the exit status.")
def run(inputs, outdir, fmt, jobs, timeout, max_memory, force, rebuild_manifest, engine, scheduler, quiet) -> None:
    """Process INPUTS (files, folders, .zip archives) into a dataset in OUTDIR.

    Writes reports, measures, topics and sections tables. Runs are resumable: inputs already in
    OUTDIR's manifest are skipped unless --force.
    """
    from pipeline.batch import run as run_api

    try:
        summary = run_api(
            list(inputs), outdir, fmt=fmt, jobs=jobs, timeout=timeout, max_memory=_parse_size(max_memory),
            force=force, engine=engine, scheduler=scheduler, quiet=quiet, rebuild_manifest=rebuild_manifest,
        )
    except (UsageError, ValueError) as exc:
        _fail_usage(exc)
    except (ManifestError, OutputError) as exc:  # the run stopped before it could harm the dataset
        click.echo(f"Error: {exc}", err=True)
        sys.exit(STOPPED)
    except TibanError as exc:
        raise click.ClickException(str(exc)) from exc
    if not quiet:
        click.echo(summary.render(), err=True)
    sys.exit(1 if summary.failed else 0)


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the rows tiban would write, as JSON.")
def show(file, as_json) -> None:
    """Show what tiban extracts from one FILE, with the evidence of every figure."""
    from pipeline.core import process
    from pipeline.show import render_json, render_text

    report = process(file)
    click.echo(render_json(report) if as_json else render_text(report))
    sys.exit(0 if report.ok else 1)


@main.command("eval")
@click.argument("golddir", type=click.Path(exists=True, file_okay=False))
@click.option("-o", "--output", "outdir", type=click.Path(file_okay=False), default=None, help="Also write the dataset here.")
@click.option("--details", is_flag=True, help="List every miss (false/missed measures, wrong facts).")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def eval_(golddir, outdir, details, as_json) -> None:
    """Score tiban on GOLDDIR, a folder of ID.txt / ID.json pairs (ANNOTATION.md's format)."""
    from pipeline.evaluate import evaluate

    try:
        scores = evaluate(golddir)
    except UsageError as exc:
        _fail_usage(exc)
    click.echo(json.dumps(scores.as_dict(), indent=2) if as_json else scores.render() + "\n" + scores.breakdown())
    if details:
        click.echo("\n".join(scores.details))
    if outdir:
        from pipeline.batch import run as run_api
        from pipeline.evaluate import gold_pairs

        run_api([str(doc) for doc, _ in gold_pairs(Path(golddir))], outdir, quiet=True, force=True)
        click.echo(f"dataset written to {outdir}", err=True)
    sys.exit(1 if scores.failed else 0)


@main.command("train-topics")
@click.option("--data", "data_dir", type=click.Path(exists=True, file_okay=False), default=None, help="Training data folder [corpora/topics].")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default=None, help="Model folder [models/].")
def train_topics(data_dir, out_dir) -> None:
    """Rebuild the topic classifier from corpora/topics and print its test-split scores."""
    from pipeline.classify.model import train

    try:
        result = train(Path(data_dir) if data_dir else None, Path(out_dir) if out_dir else None)
    except TibanError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(result.render())


@main.command()
@click.argument("phrases", nargs=-1, required=True)
def classify(phrases) -> None:
    """Classify topic PHRASES into taxonomy categories; `-` reads one phrase a line from stdin.

    Writes CSV with the header text,category,confidence, one row per input line, in order.
    """
    import csv

    from pipeline.classify.model import classify_lines

    lines = sys.stdin.read().splitlines() if phrases == ("-",) else list(phrases)
    try:
        rows = list(classify_lines(lines))
    except TibanError as exc:
        raise click.ClickException(str(exc)) from exc
    writer = csv.writer(sys.stdout, lineterminator=os.linesep if os.name == "nt" else "\n")
    writer.writerow(["text", "category", "confidence"])
    for text, category, confidence in rows:
        writer.writerow([text, category, f"{confidence:.4f}"])


if __name__ == "__main__":
    main()
