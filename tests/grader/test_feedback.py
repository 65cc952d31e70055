"""Feedback pages: escaped and capped."""

from __future__ import annotations

from grading_corpus.notebook import ASSIGNMENT

from grader.feedback import render
from grader.result import GradeResult


def test_feedback_escapes_and_caps_messages():
    row = {"status": "graded", "score": 0.0, "max_score": 2.0, "message": "graded",
           "flags": ["<script>alert(1)</script>"],
           "tests": [{"grade_id": "test_x", "points": 2.0, "score": 0.0, "passed": False,
                      "message": "<b>" + "y" * 10_000}]}
    page = render(GradeResult.from_row("alice", ASSIGNMENT, row))
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<b>" not in page and len(page) < 6000


def test_feedback_page_renders_lone_surrogates_escaped():
    row = {"status": "graded", "score": 0.0, "max_score": 1.0, "message": "graded",
           "flags": ["\ud800"], "tests": [{"grade_id": "t", "points": 1.0, "score": 0.0,
                                           "passed": False, "message": "bad \udcff"}]}
    page = render(GradeResult.from_row("bob\udcff", ASSIGNMENT, row))
    page.encode("utf-8")  # would raise on a lone surrogate
    assert "\\udcff" in page and "\\ud800" in page
