"""Registry of demo-data generators used by `manage.py demo_county`.

The foundation builds the units and personas; each later module registers a generator that adds
its own data (catalogue items, requests, tickets…) at the requested scale. Generators run in
registration order, inside the command's system scope, and must be idempotent: a second
`make demo` reuses what exists.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

Scale = Literal["small", "county-year"]


@dataclass(frozen=True)
class DemoGenerator:
    name: str
    label: str
    order: int
    func: Callable[..., list[str]]


_GENERATORS: dict[str, DemoGenerator] = {}


def demo_generator(name: str, label: str, order: int) -> Callable:
    """Register `func(*, scale: Scale, today: date, stdout) -> list[str]` (lines to print)."""

    def decorator(func: Callable[..., list[str]]) -> Callable[..., list[str]]:
        _GENERATORS[name] = DemoGenerator(name=name, label=label, order=order, func=func)
        return func

    return decorator


def registered_generators() -> list[DemoGenerator]:
    return sorted(_GENERATORS.values(), key=lambda g: (g.order, g.name))
