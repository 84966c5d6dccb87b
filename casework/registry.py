"""The programme registry. Programme apps register their programme from ``AppConfig.ready()``.

Programme rows in the database mirror this registry (``services.sync_registry`` after each
migration), so enrolments can point at them with a foreign key.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ProgrammeSpec:
    code: str
    name_nl: str
    name_en: str
    pillar: str
    instruments: tuple[str, ...] = ("zrm", "positieve_gezondheid", "goal_attainment")
    # Hooks for later issues (outcome rules, export variables) are added here.
    extra: dict = field(default_factory=dict)


_programmes: dict[str, ProgrammeSpec] = {}


def register(spec: ProgrammeSpec) -> None:
    existing = _programmes.get(spec.code)
    if existing is not None and existing != spec:
        raise ValueError(f"Programme {spec.code!r} is registered twice with different specs.")
    _programmes[spec.code] = spec


def programmes() -> dict[str, ProgrammeSpec]:
    return dict(_programmes)
