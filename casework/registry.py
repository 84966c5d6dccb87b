"""The programme registry. Programme apps register their programme from ``AppConfig.ready()``.

Programme rows in the database mirror this registry (``services.sync_registry`` after each
migration), so enrolments can point at them with a foreign key. The same holds for outcome
measures: each programme defines its measures once (code, labels in Dutch and English, type),
and ``casework.models.OutcomeValue`` holds their dated values, so that research exports and
results-based financing can use them without knowing a programme's own tables.

Casework never imports a programme app: hooks are dotted paths, resolved when called.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from importlib import import_module
from typing import Protocol

from django.apps import AppConfig
from django.utils.module_loading import module_has_submodule

MEASURE_KINDS = ("integer", "decimal", "money", "choice", "boolean")


@dataclass(frozen=True)
class MeasureSpec:
    """An outcome measure: a dated, structured value recorded per participant.

    ``kind``: integer, decimal, money (euros, two decimals), choice (one of ``choices``) or
    boolean. ``choices`` are (value, label_nl, label_en). ``sensitive`` marks measures that
    raise the research export's k (debts, youth care)."""

    code: str
    label_nl: str
    label_en: str
    kind: str
    # "" for measures of the casework core; a programme's spec fills in its own code.
    programme: str = ""
    unit: str = ""
    choices: tuple[tuple[str, str, str], ...] = ()
    sensitive: bool = False
    description_nl: str = ""
    description_en: str = ""

    def __post_init__(self) -> None:
        if self.kind not in MEASURE_KINDS:
            raise ValueError(f"Measure {self.code!r}: unknown kind {self.kind!r}")
        if (self.kind == "choice") != bool(self.choices):
            raise ValueError(f"Measure {self.code!r}: choices go with kind 'choice' only")


@dataclass(frozen=True)
class NavLink:
    """A page of a programme app in the main menu, for users with one of ``roles``."""

    url_name: str
    label: str  # a msgid, marked for translation in the programme app
    roles: frozenset[str]


class FileSectionHook(Protocol):
    """The programme's part of a file: ``(template, context)`` or None. It reads through its
    own app's selectors and decrypts with ``cipher`` (the participant's data key is loaded);
    it must not log: the caller logs shared views. ``mode`` is one of ``FileSection``'s."""

    def __call__(
        self, *, user, participant, cipher, enrolments: list, mode: str
    ) -> tuple[str, dict] | None: ...


class SubjectDataHook(Protocol):
    """Everything the programme app stores about the participant, decrypted:
    ``[{"title": str, "rows": [dict]}]`` with plain values (str, int, float, bool, None;
    dates as ISO strings), for ``manage.py participant_data`` and the privacy officer."""

    def __call__(self, *, participant, cipher) -> list[dict]: ...


@dataclass(frozen=True)
class ProgrammeSpec:
    code: str
    name_nl: str
    name_en: str
    pillar: str
    instruments: tuple[str, ...] = ("zrm", "positieve_gezondheid", "goal_attainment")
    measures: tuple[MeasureSpec, ...] = ()
    # The programme's part of a participant's file (``FileSectionHook``), rendered inside the
    # section that ``casework.selectors.programme_sections`` builds.
    file_section: FileSectionHook | None = None
    nav: tuple[NavLink, ...] = ()
    # Everything it stores about a participant (``SubjectDataHook``), for the right of access.
    subject_data: SubjectDataHook | None = None
    # Years after the last enrolment ended before a participant is erased (apply_retention;
    # settings.KOERS_RETENTION_YEARS overrides); None: never due. The legal ground is named
    # where the programme registers it.
    retention_years: int | None = None
    # False: peer experts (who never see financial details beyond the plan) get neither the
    # programme's part of the file nor its outcome values, even in their own team.
    peer_experts_see_part: bool = True
    extra: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        # A measure declared in a programme's spec belongs to that programme.
        measures = tuple(
            measure if measure.programme else replace(measure, programme=self.code)
            for measure in self.measures
        )
        object.__setattr__(self, "measures", measures)


_programmes: dict[str, ProgrammeSpec] = {}
_core_measures: dict[str, MeasureSpec] = {}


_nav: dict[str, NavLink] = {}


def register_nav(link: NavLink) -> None:
    """A menu entry of an app beside the programmes (research, financing), shown to every user
    with one of its roles (the page itself scopes what they see)."""
    _nav[link.url_name] = link


def extra_nav() -> list[NavLink]:
    return list(_nav.values())


class ProgrammeAppConfig(AppConfig):
    """The app config of a programme app. When Django is ready it declares the app's aggregate
    tables (its ``tables`` module), registers its work sources (``worklist.register_sources``,
    when it has a work list) and registers each ``ProgrammeSpec`` that ``programmes()`` gives
    (imported there, once the models are loaded)."""

    def ready(self) -> None:
        import_module(f"{self.name}.tables")
        if module_has_submodule(self.module, "worklist"):
            import_module(f"{self.name}.worklist").register_sources()
        for spec in self.programmes():
            register(spec)

    def programmes(self) -> tuple[ProgrammeSpec, ...]:
        raise NotImplementedError


def register(spec: ProgrammeSpec) -> None:
    existing = _programmes.get(spec.code)
    if existing is not None and existing != spec:
        raise ValueError(f"Programme {spec.code!r} is registered twice with different specs.")
    for measure in spec.measures:
        if measure.programme != spec.code:
            raise ValueError(f"Measure {measure.code!r} must name programme {spec.code!r}.")
    _programmes[spec.code] = spec
    if spec.retention_years is not None:
        from privacy.registry import register_retention

        register_retention(spec.code, spec.retention_years)


def register_core_measure(spec: MeasureSpec) -> None:
    _core_measures[spec.code] = spec


def programmes() -> dict[str, ProgrammeSpec]:
    return dict(_programmes)


def measures() -> dict[str, MeasureSpec]:
    """Every outcome measure: the core's and those of all programmes, by code."""
    result = dict(_core_measures)
    for spec in _programmes.values():
        for measure in spec.measures:
            if measure.code in result and result[measure.code] != measure:
                raise ValueError(f"Measure {measure.code!r} is defined twice.")
            result[measure.code] = measure
    return result


# The casework core's own measure: goal attainment, the mean of the per-goal scores (0-10) of
# one goal-attainment measurement. Results-based financing pays on it.
register_core_measure(
    MeasureSpec(
        code="goal_attainment",
        label_nl="Doelrealisatie (gemiddelde over de doelen, 0-10)",
        label_en="Goal attainment (mean over the goals, 0-10)",
        kind="decimal",
        description_nl="Hoe dicht de deelnemer zich bij de eigen doelen voelt, gemiddeld.",
        description_en="How close the participant feels to their own goals, on average.",
    )
)


# --- the work list ("werkbak") ----------------------------------------------------------------


@dataclass(frozen=True)
class WorkItem:
    """One thing that waits for a user: what kind (a stable code), a short Dutch description
    (already translated; it may name a person only when the source logged that look), the date
    it has waited since (the list is oldest first) and the address where it is done."""

    kind: str
    label: str
    since: dt.date
    url: str
    overdue: bool = False


class WorkItemsHook(Protocol):
    """Everything of the source that waits for ``user``, within what the user may see; it logs
    every look at personal data it decrypts, as the app's selectors do."""

    def __call__(self, user) -> list[WorkItem]: ...


class WorkCountHook(Protocol):
    """How many items ``items`` would give, cheaply: a bounded number of queries and no
    decryption (the header shows it on every page)."""

    def __call__(self, user) -> int: ...


@dataclass(frozen=True)
class WorkSource:
    """A kind of work an app hands out. ``roles``: who may have such work at all, so the
    sources of other roles cost no query."""

    code: str
    roles: frozenset[str]
    items: WorkItemsHook
    count: WorkCountHook


_work_sources: dict[str, WorkSource] = {}


def register_work_source(source: WorkSource) -> None:
    existing = _work_sources.get(source.code)
    if existing is not None and existing != source:
        raise ValueError(f"Work source {source.code!r} is registered twice.")
    _work_sources[source.code] = source


def work_sources() -> list[WorkSource]:
    return list(_work_sources.values())
