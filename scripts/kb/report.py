"""Formats a Result for people (text) or for GitHub pull-request annotations."""

from __future__ import annotations

from kb.problems import Problem, Result


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary(result: Result) -> str:
    errors, warnings = result.errors, result.warnings
    files = len({p.path for p in errors})
    checked = _plural(result.files_checked, "file")
    if not errors:
        tail = f", {_plural(len(warnings), 'warning')}" if warnings else ""
        return f"OK: {checked} checked, no errors{tail}."
    return f"FAILED: {_plural(len(errors), 'error')} in {_plural(files, 'file')} ({checked} checked, {_plural(len(warnings), 'warning')})."


def printable(text: str) -> str:
    """Control characters escaped: a file name with a line break must not start a new output
    line (in a CI log a line such as '::error::...' would be run as a workflow command)."""
    return text if text.isprintable() else text.encode("unicode_escape").decode("ascii")


def text_line(problem: Problem) -> str:
    label = "" if problem.severity == "error" else f"{problem.severity}: "
    out = f"{printable(problem.path)}:{problem.line}:{problem.column}: {label}{printable(problem.message)}"
    return out + (f"\n    hint: {printable(problem.hint)}" if problem.hint else "")


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_line(problem: Problem) -> str:
    """A workflow command GitHub Actions turns into an annotation on the line."""
    message = problem.message + (f" (hint: {problem.hint})" if problem.hint else "")
    return (
        f"::{problem.severity} file={_escape_property(problem.path)},line={problem.line},"
        f"col={problem.column},title={_escape_property('catalog validation')}::{_escape_data(message)}"
    )


def render(result: Result, fmt: str = "text") -> str:
    line = github_line if fmt == "github" else text_line
    lines = [line(p) for p in result.sorted()]
    lines.append(summary(result))
    return "\n".join(lines)
