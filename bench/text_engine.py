"""Benchmark: parse + metrics of a negotiating text against Python-Markdown on the same file.

    .venv/bin/python bench/text_engine.py [PATH] [--repeat N] [--json]

Target: the engine takes at most half of Markdown's time to convert the file to HTML.
Both run interleaved in one process, so machine noise hits them alike; medians are reported.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import markdown  # noqa: E402

from parley.texts.engine.metrics import document_counts, stats  # noqa: E402
from parley.texts.engine.notation import parse  # noqa: E402

DEFAULT_TEXT = REPO / "tests/data/negotiating-texts/paris-2015/agreement-2015-10-23.md"
TARGET_RATIO = 0.5


def engine(text: str) -> dict:
    return stats(parse(text))


def timed(function, text: str) -> float:
    start = time.perf_counter()
    function(text)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", default=str(DEFAULT_TEXT))
    parser.add_argument("--repeat", type=int, default=21)
    parser.add_argument("--json", action="store_true", help="also print one JSON line")
    options = parser.parse_args()

    text = Path(options.path).read_text(encoding="utf-8")
    engine(text)  # warm up both: imports, regex compilation, extension loading
    markdown.markdown(text)
    engine_times, markdown_times = [], []
    for _ in range(options.repeat):
        engine_times.append(timed(engine, text))
        markdown_times.append(timed(markdown.markdown, text))
    engine_median = statistics.median(engine_times)
    markdown_median = statistics.median(markdown_times)
    ratio = engine_median / markdown_median
    brackets = document_counts(parse(text)).brackets

    print(f"file            {options.path} ({len(text):,} characters, {brackets} brackets)")
    print(f"parse + metrics {engine_median * 1000:8.2f} ms  (median of {options.repeat})")
    print(f"Python-Markdown {markdown_median * 1000:8.2f} ms  (median of {options.repeat})")
    verdict = "met" if ratio <= TARGET_RATIO else "NOT met"
    print(f"ratio           {ratio:8.3f}x   target <= {TARGET_RATIO}x: {verdict}")
    if options.json:
        print(
            json.dumps(
                {
                    "file": options.path,
                    "characters": len(text),
                    "brackets": brackets,
                    "repeat": options.repeat,
                    "engine_median_ms": round(engine_median * 1000, 3),
                    "markdown_median_ms": round(markdown_median * 1000, 3),
                    "ratio": round(ratio, 4),
                    "target_ratio": TARGET_RATIO,
                    "target_met": ratio <= TARGET_RATIO,
                }
            )
        )


if __name__ == "__main__":
    main()
