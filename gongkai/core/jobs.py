"""The one registry of periodic jobs.

Each domain app registers its jobs here (in its AppConfig.ready) and `manage.py run_jobs` runs
them, e.g. from a systemd timer every few minutes. Every job must be idempotent and safe to
re-run, select only what is due on `today`, and honour `dry_run` by reporting what it would do
without writing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone


@dataclass
class JobReport:
    job: str
    changed: int = 0
    messages: list[str] = field(default_factory=list)

    def note(self, message: str) -> None:
        self.messages.append(message)


JobFunction = Callable[..., JobReport]


@dataclass(frozen=True)
class Job:
    name: str
    label: str
    func: JobFunction


_REGISTRY: dict[str, Job] = {}


def periodic_job(name: str, label: str) -> Callable[[JobFunction], JobFunction]:
    """Register `func(*, today: date, now: datetime, dry_run: bool) -> JobReport`."""

    def decorator(func: JobFunction) -> JobFunction:
        if name in _REGISTRY and _REGISTRY[name].func is not func:
            raise ValueError(f"periodic job {name!r} registered twice")
        _REGISTRY[name] = Job(name=name, label=label, func=func)
        return func

    return decorator


def registered_jobs() -> list[Job]:
    return sorted(_REGISTRY.values(), key=lambda job: job.name)


def run_job(job: Job, *, now: dt.datetime, dry_run: bool) -> JobReport:
    # The county's date, not UTC's: at 00:30 in Shanghai it is still yesterday in UTC.
    return job.func(today=timezone.localdate(now), now=now, dry_run=dry_run)
