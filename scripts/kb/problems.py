"""Problems found in catalog files, and the result object that collects them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file, placed at a 1-based line and column."""

    path: str
    line: int
    column: int
    message: str
    hint: str = ""
    severity: str = "error"


@dataclass
class Result:
    """Collects every problem of a run; the exit code comes from here."""

    problems: list[Problem] = field(default_factory=list)
    files_checked: int = 0

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    def extend(self, problems: Iterable[Problem]) -> None:
        self.problems.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def exit_code(self) -> int:
        return 0 if self.ok else 1

    def sorted(self) -> list[Problem]:
        """Problems in file order, then line order, without repeats."""
        return sorted(set(self.problems))
