"""The README's two set-up commands are what CI runs, word for word."""
import re

from tests.conftest import ROOT


def readme_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text("utf-8")
    first_block = re.search(r"```sh\n(.*?)```", readme, re.S).group(1)
    return [line for line in first_block.splitlines() if line.strip()]


def test_readme_opens_with_two_commands_that_ci_runs():
    commands = readme_commands()
    assert len(commands) == 2
    assert "docgen build source/2024-02-28-astri-budget.md" in commands[0]
    assert commands[1].endswith("pytest")
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    for command in commands:
        assert command in ci
