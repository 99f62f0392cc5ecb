import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import docx
from django.core.management import call_command

PARIS = Path(__file__).resolve().parents[1] / "data" / "negotiating-texts" / "paris-2015"
AGREEMENT = PARIS / "agreement-2015-10-23.md"


def parley(*args: str) -> subprocess.CompletedProcess:
    """The console script as an outside check runs it (`python -m parley` is the same entry)."""
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "parley.settings.test"}
    return subprocess.run(
        [sys.executable, "-m", "parley", *args],
        capture_output=True,
        text=True,
        env=environment,
        check=False,
    )


def command_output(*args: str) -> str:
    out = StringIO()
    call_command("text", *args, stdout=out)
    return out.getvalue()


def test_stats_json_has_the_contracted_shape():
    result = parley("text", "stats", str(AGREEMENT), "--json")
    assert result.returncode == 0
    payload = json.loads(result.stdout)
    assert payload["brackets"] == 1023
    assert set(payload["sections"][0]) >= {"heading", "brackets", "options", "paragraphs"}
    assert set(payload["warnings"][0]) == {"line", "message"}
    assert sum(section["brackets"] for section in payload["sections"]) == payload["brackets"]


def test_stats_json_is_one_line():
    output = command_output("stats", str(AGREEMENT), "--json")
    assert output.count("\n") == 1


def test_stats_without_json_prints_a_table_with_totals_and_warnings():
    output = command_output("stats", str(AGREEMENT))
    lines = output.splitlines()
    assert lines[0].split() == [
        "section",
        "brackets",
        "alternatives",
        "options",
        "paragraphs",
        "agreed",
    ]
    total = next(line for line in lines if line.startswith("Total"))
    assert total.split()[1] == "1023"
    assert "  line 24: stray ']' closes no open bracket" in lines


def test_stats_of_a_missing_file_exits_2_with_one_line():
    result = parley("text", "stats", "/nonexistent/draft.md", "--json")
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1


def test_stats_of_a_binary_file_exits_2_with_one_line(tmp_path):
    binary = tmp_path / "draft.md"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = parley("text", "stats", str(binary), "--json")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"CommandError: {binary} is not a text file (binary content)"
    ]


def test_stats_of_a_latin1_file_exits_2_with_one_line(tmp_path):
    latin1 = tmp_path / "draft.md"
    latin1.write_bytes("Parties [shall] agr\xe9e".encode("latin-1"))
    result = parley("text", "stats", str(latin1))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [f"CommandError: {latin1} is not a text file (not UTF-8)"]


def test_stats_of_a_directory_exits_2(tmp_path):
    result = parley("text", "stats", str(tmp_path))
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1


def test_diff_json_reports_brackets_before_and_after_per_section(tmp_path):
    old = tmp_path / "old.md"
    new = tmp_path / "new.md"
    old.write_text("## Article 3 *(mitigation)*\n\n1. Parties [shall][should] act.\n")
    new.write_text("## Article 4 *(mitigation)*\n\n1. Parties shall act.\n")
    result = parley("text", "diff", str(old), str(new), "--json")
    assert result.returncode == 0
    payload = json.loads(result.stdout)
    assert (payload["brackets_before"], payload["brackets_after"]) == (2, 0)
    [section] = payload["sections"]
    assert (section["heading_before"], section["heading_after"]) == (
        "Article 3 *(mitigation)*",
        "Article 4 *(mitigation)*",
    )
    assert (section["brackets_before"], section["brackets_after"]) == (2, 0)
    deleted = [op["text"] for op in section["redline"] if op["op"] == "delete"]
    assert deleted == ["3", "[", "][should]"]


def test_diff_without_json_prints_the_redline(tmp_path):
    old = tmp_path / "old.md"
    new = tmp_path / "new.md"
    old.write_text("## Article 1\n\nParties [shall][should] act.\n")
    new.write_text("## Article 1\n\nParties [shall] act.\n")
    output = command_output("diff", str(old), str(new))
    assert "Parties [shall]{-[should]-} act." in output.splitlines()


def test_diff_with_a_missing_file_exits_2():
    result = parley("text", "diff", str(AGREEMENT), "/nonexistent/new.md")
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1


def test_export_writes_a_word_document(tmp_path):
    destination = tmp_path / "agreement.docx"
    output = command_output("export", str(AGREEMENT), "--docx", str(destination))
    assert output == f"wrote {destination}\n"
    text = "\n".join(paragraph.text for paragraph in docx.Document(str(destination)).paragraphs)
    assert text.count("[") == 1023


def test_export_of_a_binary_file_exits_2(tmp_path):
    binary = tmp_path / "draft.md"
    binary.write_bytes(b"\x00\x01\x02")
    result = parley("text", "export", str(binary), "--docx", str(tmp_path / "out.docx"))
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1
    assert not (tmp_path / "out.docx").exists()
