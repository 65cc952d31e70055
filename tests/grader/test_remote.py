"""A learner's exception crosses back as a built-in class, never as learner code."""

from __future__ import annotations

from grader.remote import remote_exception


def test_remote_exceptions_map_to_builtin_classes_only():
    assert type(remote_exception({"types": ["NotImplementedError", "RuntimeError"]})) \
        is NotImplementedError
    custom = remote_exception({"types": ["Oops", "ValueError", "Exception"], "message": "m"})
    assert isinstance(custom, ValueError) and type(custom).__name__ == "Oops"
    assert type(remote_exception({"types": ["SystemExit", "BaseException"]})) is RuntimeError
