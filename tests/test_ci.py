"""The CI script holds the gate it claims: formatting, lint and types checked before the tests, any failure
stopping it (`set -e`), in the order the helpers' rules give."""

from tests.helpers import REPO


def _commands() -> list[str]:
    lines = (REPO / ".ci" / "run").read_text().splitlines()
    return [line.strip() for line in lines if line.strip() and not line.strip().startswith("#")]


def test_ci_stops_at_the_first_failure():
    assert "set -euo pipefail" in _commands()


def test_ci_runs_the_gate_before_the_tests():
    commands = _commands()

    def first(prefix: str) -> int:
        found = [i for i, line in enumerate(commands) if line.startswith(prefix)]
        assert found, f".ci/run does not run {prefix!r}"
        return found[0]

    tests = first("python -m pytest")
    for gate in ("ruff format --check dashboard tests bench pages", "ruff check dashboard tests bench pages", "mypy"):
        assert first(gate) < tests, f"{gate!r} runs after the tests"
        assert not commands[first(gate)].endswith("|| true"), f"{gate!r} cannot fail the run"
