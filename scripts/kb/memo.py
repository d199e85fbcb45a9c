"""Remembering generated parts between regenerations (make serve), by what they were made from."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


class Memo:
    """Parts remembered with the inputs they were made from.

    A part is made again unless every input is the very object (or, for plain values, an
    equal value) it was made from last time. Catalog entries are never modified in place,
    and an unchanged file is not read again (build.CachingLoader), so the same object means
    unchanged data. The memo holds its inputs, so their identities cannot be reused by new
    objects while it remembers them."""

    def __init__(self) -> None:
        self.store: dict[str, tuple[tuple[Any, ...], Any]] = {}

    def get(self, key: str, inputs: tuple[Any, ...], make: Callable[[], T]) -> T:
        known = self.store.get(key)
        if known and len(known[0]) == len(inputs) and all(same(a, b) for a, b in zip(known[0], inputs, strict=True)):
            return known[1]
        made = make()
        self.store[key] = (inputs, made)
        return made


def same(a: Any, b: Any) -> bool:
    return a is b or (not isinstance(a, (dict, list)) and type(a) is type(b) and a == b)
