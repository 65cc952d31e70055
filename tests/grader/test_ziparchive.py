"""Extracting a class's zip without traversal, links or bombs."""

from __future__ import annotations

import zipfile

import pytest

from grader.submissions import extract_zip


def test_zip_extraction_refuses_traversal_links_and_bombs(tmp_path):
    archive = tmp_path / "a.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("../evil.txt", "x")
        zf.writestr("/abs.txt", "x")
        zf.writestr("ok/file.txt", "fine")
        link = zipfile.ZipInfo("ok/link")
        link.external_attr = (0o120777 << 16)
        zf.writestr(link, "/etc/passwd")
    out = tmp_path / "out"
    problems = extract_zip(archive, out)
    assert (out / "ok" / "file.txt").read_text() == "fine"
    assert not (out / "ok" / "link").exists() and not (tmp_path / "evil.txt").exists()
    assert "links are not followed" in problems[str(out / "ok" / "link")]
    with pytest.raises(ValueError, match="not a readable zip"):
        extract_zip(out / "ok" / "file.txt", tmp_path / "o2")
