"""The instructor's (and learner's) command line: `python -m grader <command>`."""

from __future__ import annotations

import argparse
import os
import sys

from .course import course_root


def _parser():
    parser = argparse.ArgumentParser(
        prog="python -m grader",
        description="Release, self-test and check the course's nbgrader notebooks.")
    parser.add_argument("--root", help="course folder holding solutions/ (default: the "
                        "current folder if it has one, else this repository)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    release = commands.add_parser(
        "release", help="regenerate notebooks/ from solutions/ with nbgrader",
        description="Regenerate notebooks/ from solutions/ (solutions and hidden tests "
                    "removed, outputs stripped). With --check, change nothing and fail "
                    "when notebooks/ is out of date or a solution holds outputs.")
    release.add_argument("--check", action="store_true",
                         help="verify only; exit 1 on drift or unstripped solutions")

    selftest = commands.add_parser(
        "selftest", help="solutions score full marks, untouched releases score zero",
        description="Autograde every solution notebook (must score full marks without "
                    "errors) and every untouched release (must score zero, failing only "
                    "with the exercises' own not-implemented errors) with real nbgrader.")
    selftest.add_argument("assignments", nargs="*", help="assignment ids (default: all)")

    check = commands.add_parser(
        "check", help="run one notebook's visible tests and print a score table",
        description="Run the visible tests of one notebook against its answer cells and "
                    "print a score table with the failure messages.")
    check.add_argument("notebook", help="path to an .ipynb file")

    workspace = commands.add_parser(
        "workspace", help="copy released notebooks into your workspace (never overwrites)",
        description="Copy the released notebooks (notebooks/) into your own workspace "
                    "folder when absent. Your notebooks are never overwritten: when the "
                    "course changes one, the new version arrives beside yours as "
                    "<id>.course-update-<hash>.ipynb. `make lab` runs this first.")
    _workspace_option(workspace)

    progress = commands.add_parser(
        "progress", help="your progress over the whole course (visible tests)",
        description="Run the visible tests of every notebook in your workspace and print, "
                    "per notebook, the exercises done, the exercises passing and the "
                    "points. Hidden tests are your instructor's: passing visible tests is "
                    "a good sign, not a grade.")
    _workspace_option(progress)
    _grading_commands(commands)
    return parser


def _workspace_option(command):
    command.add_argument("--workspace", help="your folder (default: <course>/workspace)")


def _workdir_options(command):
    command.add_argument("--workdir", help="grading folder (nbgrader course root with the "
                         "gradebook and results; default: <course>/grading)")
    command.add_argument("--db", metavar="URL", help="SQLAlchemy URL of the gradebook, "
                         "e.g. postgresql://user@host/course (default: SQLite in --workdir)")


def _grading_commands(commands):
    autograde = commands.add_parser(
        "autograde", help="grade a folder or zip of submissions in a sandbox",
        description="Grade SUBMISSIONS, a folder (or zip) of "
                    "<student>/<assignment>/<assignment>.ipynb, with nbgrader in a "
                    "sandbox, re-check every test in a trusted process, report tampering, "
                    "and record the grades in the gradebook. Limits come from "
                    "grading.toml (see grader/config.py).")
    autograde.add_argument("submissions", metavar="SUBMISSIONS",
                           help="folder or .zip of <student>/<assignment>/<assignment>.ipynb")
    autograde.add_argument("--workers", type=int, default=1, metavar="N",
                           help="grade N submissions in parallel (default 1)")
    autograde.add_argument("--scheduler", metavar="ADDRESS",
                           help="grade on the Dask workers of this scheduler (e.g. "
                           "tcp://10.0.0.5:8786) instead of here; see the README, "
                           "\"Grading a large class\"")
    autograde.add_argument("--force", action="store_true",
                           help="grade again what is already graded from the same notebook "
                           "and course version (skipped by default)")
    autograde.add_argument("--json", metavar="PATH", help="also write the results as JSON")
    autograde.add_argument("--config", metavar="FILE",
                           help="limits file (default: <course>/grading.toml if present)")
    autograde.add_argument("--no-progress", action="store_true", help="no progress bar")
    _workdir_options(autograde)

    feedback = commands.add_parser(
        "feedback", help="write an HTML feedback page per student and assignment",
        description="Write <workdir>/feedback/<student>/<assignment>/<assignment>.html from "
                    "the last autograde: each test's pass/fail with its message, and the "
                    "integrity report. Hidden test source is never shown.")
    feedback.add_argument("students", nargs="*", help="only these students (default: all)")
    _workdir_options(feedback)

    export = commands.add_parser(
        "export", help="write the grades CSV (one row per student)",
        description="Write a CSV with one row per student: per assignment the score "
                    "(manual grades included), the maximum and the status (graded or "
                    "ungradable, so an ungradable submission never reads as a real 0).")
    export.add_argument("-o", "--output", help="CSV path (default: <workdir>/grades.csv)")
    _workdir_options(export)

    report = commands.add_parser(
        "report", help="the class report: scores, pass rates and common mistakes",
        description="Write one self-contained HTML page (default: <workdir>/report.html) "
                    "from the gradebook and the stored per-test results (never student "
                    "code): per assignment the score distribution, completion, median and "
                    "per-test pass rates; the most common diagnosed mistakes per exercise; "
                    "submissions with integrity flags. Prints a short summary.")
    report.add_argument("-o", "--output", metavar="HTML",
                        help="HTML path (default: <workdir>/report.html)")
    report.add_argument("--json", metavar="PATH", help="also write the numbers as JSON")
    _workdir_options(report)


def main(argv=None):
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except ModuleNotFoundError as exc:
        # A run outside the course's environment (plain `python` without `.venv`).
        print(f"error: {exc.name!r} is not installed in {sys.executable}. Use the course's "
              f"environment: `make install`, then `.venv/bin/python -m grader "
              f"{args.command} ...` (or `source .venv/bin/activate` first).", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # `python -m grader check ... | head`: the reader left; stop quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1


def _run(args):
    try:
        if args.command == "check":
            from .check import check_notebook

            score, max_score = check_notebook(args.notebook)
            return 0 if score == max_score else 1
        root = course_root(args.root)
        if args.command == "workspace":
            from .workspace import sync_workspace

            sync_workspace(root, args.workspace)
            return 0
        if args.command == "progress":
            from .progress import course_progress

            print(course_progress(root, args.workspace))
            return 0
        if args.command == "release":
            from .release import release

            return release(root, check=args.check)
        if args.command == "selftest":
            from .selftest import selftest

            return selftest(root, args.assignments or None)
        if args.command == "autograde":
            from .autograde import autograde
            from .config import load_limits

            autograde(root, args.submissions, workdir=args.workdir, db=args.db,
                      workers=args.workers, json_path=args.json, scheduler=args.scheduler,
                      force=args.force,
                      limits=load_limits(args.config, root), progress=not args.no_progress)
            return 0
        if args.command == "feedback":
            from .feedback import feedback

            feedback(root, workdir=args.workdir, db=args.db, students=args.students or None)
            return 0
        if args.command == "export":
            from .export import export

            export(root, workdir=args.workdir, db=args.db, output=args.output)
            return 0
        if args.command == "report":
            from .report import report

            report(root, workdir=args.workdir, db=args.db, output=args.output,
                   json_path=args.json)
            return 0
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except RuntimeError as exc:
        if args.command not in ("autograde", "feedback", "export", "report"):
            raise
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 2  # pragma: no cover - argparse rejects unknown commands


if __name__ == "__main__":
    sys.exit(main())
