"""`python -m grader`: every command has help."""

from __future__ import annotations

import pytest

from grader.__main__ import main


@pytest.mark.parametrize("command", ["autograde", "feedback", "export", "selftest", "check"])
def test_every_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as stop:
        main([command, "--help"])
    assert stop.value.code == 0
    assert "usage" in capsys.readouterr().out
