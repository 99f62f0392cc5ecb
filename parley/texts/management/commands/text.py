"""`parley text stats|diff|export`: the negotiating-text engine from the command line.

Bad input (missing, unreadable, binary or not UTF-8) exits with code 2 and one line on stderr.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from parley.texts.engine.docx_export import export_docx
from parley.texts.engine.metrics import stats
from parley.texts.engine.notation import Document, parse
from parley.texts.engine.redline import diff_as_dict, diff_documents, redline_markup

BAD_INPUT = 2


def read_text(path: str) -> str:
    """The file as text, or a CommandError that names what is wrong with it."""
    try:
        raw = Path(path).read_bytes()
    except OSError as error:
        raise CommandError(f"cannot read {path}: {error.strerror}", returncode=BAD_INPUT) from None
    if b"\x00" in raw:
        raise CommandError(f"{path} is not a text file (binary content)", returncode=BAD_INPUT)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise CommandError(f"{path} is not a text file (not UTF-8)", returncode=BAD_INPUT) from None


class Command(BaseCommand):
    help = "Negotiating texts in bracket notation: stats, diff between versions, Word export."

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True)
        stats_parser = subcommands.add_parser(
            "stats", help="brackets, options and paragraphs per section"
        )
        stats_parser.add_argument("file")
        stats_parser.add_argument("--json", action="store_true", help="one JSON object")
        diff_parser = subcommands.add_parser(
            "diff", help="brackets before and after, per section, and a redline"
        )
        diff_parser.add_argument("old")
        diff_parser.add_argument("new")
        diff_parser.add_argument("--json", action="store_true", help="one JSON object")
        export_parser = subcommands.add_parser("export", help="export as a Word document")
        export_parser.add_argument("file")
        export_parser.add_argument("--docx", required=True, metavar="OUT.docx")

    def handle(self, *args, subcommand: str, **options) -> None:
        if subcommand == "stats":
            self.stats(parse(read_text(options["file"])), as_json=options["json"])
        elif subcommand == "diff":
            old, new = parse(read_text(options["old"])), parse(read_text(options["new"]))
            self.diff(old, new, as_json=options["json"])
        else:
            self.export(parse(read_text(options["file"])), options["docx"])

    def stats(self, document: Document, *, as_json: bool) -> None:
        result = stats(document)
        if as_json:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        rows = [
            (
                s["heading"] or "(before the first heading)",
                s["brackets"],
                s["alternative_sets"],
                s["options"],
                s["paragraphs"],
                s["agreed_paragraphs"],
            )
            for s in result["sections"]
        ]
        rows.append(
            (
                "Total",
                result["brackets"],
                result["alternative_sets"],
                result["options"],
                result["paragraphs"],
                result["agreed_paragraphs"],
            )
        )
        self._table(
            ("section", "brackets", "alternatives", "options", "paragraphs", "agreed"), rows
        )
        if result["footnote_brackets"]:
            self.stdout.write(
                f"\nbrackets in footnotes (not counted above): {result['footnote_brackets']}"
            )
        if result["warnings"]:
            self.stdout.write(f"\n{len(result['warnings'])} warning(s):")
            for warning in result["warnings"]:
                self.stdout.write(f"  line {warning['line']}: {warning['message']}")

    def diff(self, old: Document, new: Document, *, as_json: bool) -> None:
        text_diff = diff_documents(old=old, new=new)
        if as_json:
            self.stdout.write(json.dumps(diff_as_dict(text_diff), ensure_ascii=False))
            return
        rows = [
            (
                change.heading or "(before the first heading)",
                change.status,
                change.brackets_before,
                change.brackets_after,
            )
            for change in text_diff.sections
        ]
        rows.append(("Total", "", text_diff.brackets_before, text_diff.brackets_after))
        self._table(("section", "status", "before", "after"), rows)
        for change in text_diff.sections:
            if change.status == "unchanged":
                continue
            self.stdout.write(f"\n=== {change.heading} ({change.status})")
            self.stdout.write(redline_markup(change.redline).rstrip("\n"))

    def export(self, document: Document, destination: str) -> None:
        try:
            export_docx(document, destination)
        except OSError as error:
            raise CommandError(
                f"cannot write {destination}: {error.strerror}", returncode=BAD_INPUT
            ) from None
        self.stdout.write(f"wrote {destination}")

    def _table(self, header: tuple, rows: list[tuple]) -> None:
        first_width = min(70, max(len(str(row[0])) for row in [header, *rows]))
        widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(1, len(header))]

        def line(row: tuple) -> str:
            title = str(row[0])
            title = title if len(title) <= first_width else title[: first_width - 1] + "…"
            cells = [str(value).rjust(width) for value, width in zip(row[1:], widths, strict=True)]
            return "  ".join([title.ljust(first_width), *cells])

        self.stdout.write(line(header))
        for row in rows:
            self.stdout.write(line(row))
