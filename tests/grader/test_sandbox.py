"""Issue 16's classes through `python -m grader autograde` (folder and zip), `feedback` and
`export`: no host file changed or chowned, later students graded, no point gained,
`ungradable` rows with their reasons, caps held."""

from __future__ import annotations

import csv
import json
import os
import resource
import tempfile
import zipfile
from pathlib import Path

import nbformat
import pytest
from grading_corpus.security import (
    ATTACKS,
    FORMULA_STUDENTS,
    FULL,
    GUARD,
    LIMITS,
    NON_UTF8,
    ODD_STUDENTS,
    guard_notebook,
    write,
)

from grader.__main__ import main

pytestmark = pytest.mark.slow


def _course(base):
    folder = base / "solutions" / GUARD
    folder.mkdir(parents=True)
    nbformat.write(guard_notebook(), str(folder / f"{GUARD}.ipynb"))
    (base / "grading.toml").write_text(LIMITS)
    victim = base / "victim"
    victim.mkdir()
    (victim / "host.txt").write_text("HOST-FILE\n")
    return base


def _release(root):
    from grader.release import generate

    return nbformat.reads(generate(root, [GUARD])[GUARD], as_version=4)


def _fingerprint(path):
    st = os.lstat(path)
    return (Path(path).read_bytes(), st.st_uid, st.st_gid, st.st_mode, st.st_mtime_ns,
            st.st_nlink)




@pytest.fixture(scope="module")
def guard(tmp_path_factory):
    from grader.sandbox import confinement

    assert confinement().mechanism == "bwrap", "the security corpus needs bubblewrap"
    root = _course(tmp_path_factory.mktemp("guard"))
    release = _release(root)
    subs = tmp_path_factory.mktemp("guard-subs")
    ctx = {"victim": root / "victim" / "host.txt", "victim_dir": root / "victim",
           "victim2": root / "victim2.txt"}
    ctx["victim2"].write_text("SECOND-HOST-FILE\n")
    for attack in ATTACKS:
        write(subs, attack.name, attack.build(release, ctx))
    for name in FORMULA_STUDENTS + ODD_STUDENTS:
        write(subs, name, None)
    # Class 4's siblings in a folder: a notebook that is a hard link, or a fifo.
    honest = ATTACKS[-1].build(release, ctx)
    write(subs, "a04_hard_link", None)
    kept = root / "elsewhere.ipynb"
    nbformat.write(honest, str(kept))
    os.link(kept, subs / "a04_hard_link" / GUARD / f"{GUARD}.ipynb")
    write(subs, "a04_fifo", None)
    os.mkfifo(subs / "a04_fifo" / GUARD / f"{GUARD}.ipynb")
    write(subs, NON_UTF8, ATTACKS[-1].build(release, ctx))
    (subs / "z_honest_1" / "=evil_assignment").mkdir()
    before = {p: _fingerprint(p) for p in (ctx["victim"], ctx["victim2"])}
    listing = sorted(os.listdir(ctx["victim_dir"]))
    private_tmp = tmp_path_factory.mktemp("guard-tmp")
    out = root / "results.json"
    saved, tempfile.tempdir = tempfile.tempdir, str(private_tmp)
    try:
        code = main(["--root", str(root), "autograde", str(subs), "--workers", "2",
                     "--json", str(out), "--no-progress"])
    finally:
        tempfile.tempdir = saved
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024  # the workers
    results = json.loads(out.read_text()) if out.exists() else None
    return {"root": root, "code": code, "json": results, "before": before, "rss": rss,
            "listing": listing, "ctx": ctx, "tmp": private_tmp,
            "full": json.loads((root / "grading" / "results.json").read_text())}


def _row(guard, student):
    return guard["json"]["students"][student][GUARD]


def test_the_batch_completes_with_a_row_for_everyone(guard):
    assert guard["code"] == 0
    students = set(guard["json"]["students"])
    assert {a.name for a in ATTACKS} | set(FORMULA_STUDENTS + ODD_STUDENTS) <= students
    assert "hard link" in _row(guard, "a04_hard_link")["message"]
    assert "not a regular file" in _row(guard, "a04_fifo")["message"]
    assert "a05_caf\\xe9_\\xff" in students  # class 5: escaped, graded
    assert _row(guard, "a05_caf\\xe9_\\xff")["score"] == FULL
    assert not list(guard["tmp"].glob("grader-batch-*")), "the batch's temporary folder"


@pytest.mark.parametrize("attack", ATTACKS, ids=[a.name for a in ATTACKS])
def test_attack_outcome(guard, attack):
    row = _row(guard, attack.name)
    assert row["status"] == attack.status, row
    assert row["max_score"] == FULL
    if attack.score is not None:
        assert row["score"] == attack.score, row
    flags = " | ".join(row["flags"])
    for fragment in attack.flags:
        assert fragment in flags, (fragment, row["flags"])


def test_no_host_file_changed_or_chowned(guard):  # class 1
    for path, fingerprint in guard["before"].items():
        assert _fingerprint(path) == fingerprint, path
    assert sorted(os.listdir(guard["ctx"]["victim_dir"])) == guard["listing"]


def test_later_students_are_graded_after_kills_and_deep_trees(guard):  # class 2
    for name in ("z_honest_1", "z_honest_2", "z_honest_3"):
        row = _row(guard, name)
        assert (row["status"], row["score"], row["flags"]) == ("graded", FULL, []), row


def test_modifying_an_argument_fails_the_call_with_a_message(guard):  # class 3
    tests = guard["full"]["students"]["a03_shrinks_its_argument"][GUARD]["tests"]
    failed = {t["grade_id"]: t["message"] for t in tests if not t["passed"]}
    assert "modified its argument `layer_dims`" in failed["test_init_weights"]
    rng_row = guard["full"]["students"]["a03_uses_global_rng"][GUARD]
    assert not [t for t in rng_row["tests"] if t["grade_id"] == "test_add_noise"][0]["passed"]


def test_feedback_writes_every_page_despite_surrogates(guard, capsys):  # class 6
    assert main(["--root", str(guard["root"]), "feedback"]) == 0
    pages = list((guard["root"] / "grading" / "feedback").rglob("*.html"))
    rows = sum(len(r) for r in guard["full"]["students"].values())
    assert len(pages) == rows
    page = next(p for p in pages if "a06_surrogate_message" in str(p))
    assert "\\udcff" in page.read_text(encoding="utf-8")


def test_export_neutralizes_formulas_and_ignores_unknown_assignments(guard, capsys):
    assert main(["--root", str(guard["root"]), "export"]) == 0  # class 7
    assert "=evil_assignment" in capsys.readouterr().err
    text = (guard["root"] / "grading" / "grades.csv").read_text()
    table = list(csv.reader(text.splitlines()))
    assert table[0] == ["student", GUARD, f"{GUARD} max", f"{GUARD} status",
                        f"{GUARD} flags", "total", "max total"]
    for line in table:
        for cell in line:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    names = {line[0] for line in table[1:]}
    assert {"'" + n for n in FORMULA_STUDENTS} <= names


def test_output_of_every_kind_is_capped_in_bytes(guard):  # class 8
    path = guard["root"] / "grading" / "autograded" / "a08_output_floods" / GUARD
    notebook = path / f"{GUARD}.ipynb"
    assert notebook.stat().st_size < 6 * 10**6  # 4 MB of output per notebook, plus sources
    assert guard["rss"] < 1.5 * 2**30, guard["rss"]


def test_scratch_space_is_capped_and_reported(guard):  # class 9
    nb = nbformat.read(str(guard["root"] / "grading" / "autograded" / "a09_fill_scratch" /
                           GUARD / f"{GUARD}.ipynb"), as_version=4)
    text = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code"
                   for o in c.get("outputs", []))
    wrote = int(text.split("WROTE")[1].split()[0])
    assert 0 < wrote <= 3 * 32 * 2**20  # three scratch spaces; the kernel's folder: none
    flags = " | ".join(_row(guard, "a09_fill_scratch")["flags"])
    assert "/tmp" in flags and "/submission" in flags


def _zip_member_bad_crc(zf, name, data):
    info = zipfile.ZipInfo(name)
    info.compress_type = zipfile.ZIP_STORED
    zf.writestr(info, data)


def test_zip_members_that_cannot_be_extracted_are_ungradable_rows(tmp_path):  # class 4
    root = _course(tmp_path / "course")
    release = _release(root)
    good = nbformat.writes(ATTACKS[-1].build(release, {})).encode()
    path = f"{GUARD}/{GUARD}.ipynb"
    archive = tmp_path / "class.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(f"good/{path}", good)
        _zip_member_bad_crc(zf, f"crc/{path}", good.replace(b"init_weights", b"BADCRC_here"))
        zf.writestr(f"long/{GUARD}/{'n' * 300}.ipynb", good)
        zf.writestr(f"both/{path}", good)
        zf.writestr(f"both/{path}/inner.txt", b"x")
        link = zipfile.ZipInfo(f"link/{path}")
        link.external_attr = 0o120777 << 16
        zf.writestr(link, "/etc/passwd")
        zf.writestr(f"twice/{path}", good)
        zf.writestr(f"twice/{path}", good.replace(b"add_noise", b"add_noise"))
        zf.writestr(f"caf\u00e9/{path}", good)
        with zf.open(f"huge/{path}", "w") as big:
            for _ in range(300):
                big.write(bytes(2**20))
    data = archive.read_bytes()
    # The stored member's bytes: one flipped makes its CRC wrong.
    at = data.index(b"BADCRC_here")
    data = data[:at] + b"X" + data[at + 1:]
    data = data.replace("caf\u00e9".encode(), b"caf\xff\xfe")  # flagged UTF-8, but not
    archive.write_bytes(data)
    out = tmp_path / "z.json"
    assert main(["--root", str(root), "autograde", str(archive), "--json", str(out),
                 "--no-progress"]) == 0
    rows = {s: r[GUARD] for s, r in json.loads(out.read_text())["students"].items()}
    assert rows["good"]["score"] == FULL
    expected = {"crc": "bad archive member", "long": "longer than 255 bytes",
                "both": "a file and a folder", "link": "links are not followed",
                "twice": "twice", "huge": "too large to extract"}
    for student, fragment in expected.items():
        assert rows[student]["status"] == "ungradable", (student, rows[student])
        assert fragment in rows[student]["message"], (student, rows[student]["message"])
    assert [s for s in rows if s.startswith("caf")], rows.keys()  # read as cp437
