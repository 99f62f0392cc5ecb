"""Benchmark of the text engine: a real draft against Python-Markdown, and deep nesting.

    .venv/bin/python bench/text_engine.py [PATH] [--repeat N] [--deep N] [--rounds N] [--json]

1. Parse + metrics of a real draft (the Paris Agreement of 23 October 2015, from
   tests/data/negotiating-texts) against Python-Markdown converting the same file to HTML.
   Target: the engine takes at most half of Markdown's time. Both run interleaved in one
   process, so machine noise hits them alike; medians are reported.

2. `--deep` nested brackets (200,000 by default: `[[[…x…]]]`) through every stage of the
   engine: parse, render, metrics, HTML, redline, an amendment, the Word export. Python-Markdown
   cannot be the reference here (its time grows with the square of the nesting: 20,000
   brackets take it minutes), so each stage is reported against a plain linear scan of the
   same input in Python (one loop over the characters, counting depth), measured in the same
   run. The same stages on a tenth of the depth give each stage's growth: about 10x for a
   linear stage, 100x for a quadratic one. Target: every stage grows at most 20x. Each
   figure is the best of `--rounds` runs.
   A third input, `--deep` brackets left open over 1,000 paragraphs, checks the carried
   brackets stay linear too.
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import markdown  # noqa: E402

from parley.texts.engine.amend import INSERT, Amendment, amend  # noqa: E402
from parley.texts.engine.docx_export import export_docx  # noqa: E402
from parley.texts.engine.html import render_html  # noqa: E402
from parley.texts.engine.metrics import document_counts, stats  # noqa: E402
from parley.texts.engine.notation import parse, render  # noqa: E402
from parley.texts.engine.redline import diff_texts  # noqa: E402

DEFAULT_TEXT = REPO / "tests/data/negotiating-texts/paris-2015/agreement-2015-10-23.md"
TARGET_RATIO = 0.5
TARGET_GROWTH = 20.0  # time at the full depth / time at a tenth of it


def engine(text: str) -> dict:
    return stats(parse(text))


def timed(function: Callable[[], object]) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def best(function: Callable[[], object], rounds: int) -> float:
    """The shortest of `rounds` runs: the run least disturbed by the rest of the machine."""
    return min(timed(function) for _ in range(rounds))


def linear_scan(text: str) -> int:
    """The reference: one pass over the characters in Python, tracking bracket depth."""
    depth = deepest = 0
    for character in text:
        if character == "[":
            depth += 1
            deepest = max(deepest, depth)
        elif character == "]" and depth:
            depth -= 1
    return deepest


def nested(depth: int, inner: str = "x") -> str:
    return "[" * depth + inner + "]" * depth + "\n"


def stages(depth: int) -> dict[str, Callable[[], object]]:
    """Every stage of the engine on `depth` nested brackets, each from the text."""
    text, changed = nested(depth), nested(depth, "y")

    def word() -> None:
        export_docx(parse(text), io.BytesIO())

    return {
        "parse": lambda: parse(text),
        "render": lambda: render(parse(text)),
        "metrics": lambda: stats(parse(text)),
        "html": lambda: render_html(parse(text)),
        "redline": lambda: diff_texts(old=text, new=changed),
        "amend": lambda: amend(text, Amendment(INSERT, target="x", text="y"), label="NORTH"),
        "word export": word,
    }


def real_draft(path: str, repeat: int) -> dict:
    text = Path(path).read_text(encoding="utf-8")
    engine(text)  # warm up both: imports, regex compilation, extension loading
    markdown.markdown(text)
    engine_times, markdown_times = [], []
    for _ in range(repeat):
        engine_times.append(timed(lambda: engine(text)))
        markdown_times.append(timed(lambda: markdown.markdown(text)))
    engine_median = statistics.median(engine_times)
    markdown_median = statistics.median(markdown_times)
    ratio = engine_median / markdown_median
    brackets = document_counts(parse(text)).brackets
    if Path(path).resolve().is_relative_to(REPO):
        path = str(Path(path).resolve().relative_to(REPO))
    print(f"file            {path} ({len(text):,} characters, {brackets} brackets)")
    print(f"parse + metrics {engine_median * 1000:8.2f} ms  (median of {repeat})")
    print(f"Python-Markdown {markdown_median * 1000:8.2f} ms  (median of {repeat})")
    verdict = "met" if ratio <= TARGET_RATIO else "NOT met"
    print(f"ratio           {ratio:8.3f}x   target <= {TARGET_RATIO}x: {verdict}")
    return {
        "file": path,
        "characters": len(text),
        "brackets": brackets,
        "repeat": repeat,
        "engine_median_ms": round(engine_median * 1000, 3),
        "markdown_median_ms": round(markdown_median * 1000, 3),
        "ratio": round(ratio, 4),
        "target_ratio": TARGET_RATIO,
        "target_met": ratio <= TARGET_RATIO,
    }


def deep_nesting(depth: int, rounds: int) -> dict:
    full, tenth = stages(depth), stages(depth // 10)
    text = nested(depth)
    scan = best(lambda: linear_scan(text), rounds)
    print(f"\n{depth:,} nested brackets ({len(text):,} characters); reference: a linear scan of")
    print(f"the same text in Python, {scan * 1000:.1f} ms")
    print(f"{'stage':<12} {'seconds':>8} {'x scan':>8} {'growth from ' + f'{depth // 10:,}':>20}")
    rows = {}
    for name, function in full.items():
        seconds = best(function, rounds)
        growth = seconds / best(tenth[name], rounds)
        rows[name] = {
            "seconds": round(seconds, 3),
            "scan_ratio": round(seconds / scan, 1),
            "growth": round(growth, 1),
        }
        print(f"{name:<12} {seconds:8.2f} {seconds / scan:8.1f} {growth:19.1f}x")

    carried = "[" * depth + "a\n\n" + "Parties shall act.\n\n" * 1000
    carried_tenth = "[" * (depth // 10) + "a\n\n" + "Parties shall act.\n\n" * 1000
    seconds = best(lambda: stats(parse(carried)), rounds)
    growth = seconds / best(lambda: stats(parse(carried_tenth)), rounds)
    rows["carried over 1,000 paragraphs"] = {
        "seconds": round(seconds, 3),
        "scan_ratio": round(seconds / best(lambda: linear_scan(carried), rounds), 1),
        "growth": round(growth, 1),
    }
    print(f"{depth:,} brackets left open over 1,000 paragraphs, parse + metrics: {seconds:.2f} s,")
    print(f"  {growth:.1f}x the time at a tenth of the brackets")
    worst = max(row["growth"] for row in rows.values())
    verdict = "met" if worst <= TARGET_GROWTH else "NOT met"
    print(f"largest growth {worst:.1f}x   target <= {TARGET_GROWTH:g}x (linear ~10x): {verdict}")
    return {
        "depth": depth,
        "scan_ms": round(scan * 1000, 3),
        "stages": rows,
        "target_growth": TARGET_GROWTH,
        "target_met": worst <= TARGET_GROWTH,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", default=str(DEFAULT_TEXT))
    parser.add_argument("--repeat", type=int, default=21)
    parser.add_argument("--deep", type=int, default=200_000, help="nesting depth (0: skip)")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each deep stage")
    parser.add_argument("--json", action="store_true", help="also print one JSON line")
    options = parser.parse_args()

    result = {"real_draft": real_draft(options.path, options.repeat)}
    if options.deep:
        result["deep_nesting"] = deep_nesting(options.deep, options.rounds)
    if options.json:
        print(json.dumps(result))


if __name__ == "__main__":
    main()
