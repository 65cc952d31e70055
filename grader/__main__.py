"""The instructor's (and learner's) command line: `python -m grader <command>`."""

from __future__ import annotations

import argparse
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
    return parser


def main(argv=None):
    args = _parser().parse_args(argv)
    try:
        if args.command == "check":
            from .check import check_notebook

            score, max_score = check_notebook(args.notebook)
            return 0 if score == max_score else 1
        root = course_root(args.root)
        if args.command == "release":
            from .release import release

            return release(root, check=args.check)
        if args.command == "selftest":
            from .selftest import selftest

            return selftest(root, args.assignments or None)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 2  # pragma: no cover - argparse rejects unknown commands


if __name__ == "__main__":
    sys.exit(main())
