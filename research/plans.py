"""The plan of a study's export and its preview: what the release would keep at today's
cohort size, checked together with what the study's research group already holds. Reads
only; the study page and the privacy officer's approval show the preview."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework import facts
from privacy import anonymity as an
from research import catalogue as cat
from research import engine, selectors
from research.models import L_DIVERSITY, Study


def study_plan(
    study: Study,
    *,
    variables: list[str] | None = None,
    k: int | None = None,
    on_date: dt.date | None = None,
    export_id: str = "",
    fmt: str = "csv",
    held: selectors.Holdings | None = None,
) -> engine.Plan:
    """The plan of an export of the study, checked together with everything the study's
    research group already holds (the ledger): k and l at least the highest the group was
    promised, quasi-identifiers at the finest level released."""
    catalogue = cat.catalogue()
    names = list(study.approved_variables) if variables is None else variables
    if held is None:
        held = selectors.group_holdings(study.group, exclude_export=export_id or None)
    k = max(int(k or study.k), held.k)
    return engine.Plan(
        study_code=study.code,
        programmes=list(study.programmes),
        waves=set(study.waves) or None,
        start=study.period_start,
        end=study.period_end,
        variables=[catalogue[name] for name in names if name in catalogue],
        k=k,
        l=max(L_DIVERSITY, held.l),
        on_date=on_date or timezone.localdate(),
        export_id=export_id,
        fmt=fmt,
        days=study.interval_days,
        floor=held.levels,
        held_sensitive=[catalogue[name] for name in held.sensitive if name in catalogue],
        held_programmes=held.programmes,
        meta=study_meta(study),
    )


def study_meta(study: Study) -> dict:
    """What README.md and study.json say of the study."""
    return {
        "code": study.code,
        "title": study.title,
        "principal_investigator": study.principal_investigator,
        "institution": study.institution,
        "group": study.group.name,
        "ethics_reference": study.ethics_reference,
        "approved_at": study.decided_at.date().isoformat() if study.decided_at else None,
        "approved_by_role": "privacy officer, Programma Leeuwarden Oost",
        "period_start": study.period_start.isoformat(),
        "period_end": study.period_end.isoformat() if study.period_end else None,
        "programmes": list(study.programmes),
        "approved_variables": list(study.approved_variables),
        "citation": (
            f"Programma Leeuwarden Oost ({(study.decided_at or timezone.now()).year}). "
            f"Koers research release {study.code}: {study.title}. "
            f"Study {study.ethics_reference}, {study.institution}."
        ),
    }


LEVELS_NL = {
    "age_band": (
        _("in klassen van 5 jaar"),
        _("in klassen van 10 jaar"),
        _("in klassen van 20 jaar"),
        _("onderdrukt"),
    ),
    "gender": (_("zoals geregistreerd"), _("onderdrukt")),
    "wijk": (_("per wijk"), _("alleen Leeuwarden Oost"), _("onderdrukt")),
    "household_size": (_("1-5, 6+"), _("1, 2, 3-4, 5+"), _("1, 2+"), _("onderdrukt")),
    "household": (_("pseudoniem: wie samen een huishouden vormen"), _("onderdrukt")),
    "programme_history": (
        _("per maand"),
        _("per kwartaal"),
        _("per jaar"),
        _("alleen deelname: loopt of beëindigd"),
    ),
}


@dataclass(frozen=True)
class Kept:
    name: str
    label: str
    level: int
    detail: str
    lost: bool  # nothing of the variable is left


@dataclass(frozen=True)
class Alternative:
    dropped: Kept
    others: list[Kept]


@dataclass
class Preview:
    cohort: int
    k: int
    l: int  # noqa: E741 (the l of l-diversity)
    feasible: bool
    kept: list[Kept]
    alternatives: list[Alternative]
    suppressed: int
    left_out: int
    values_suppressed_groups: int
    group_releases: int
    days: bool
    error: str = ""

    @property
    def lost(self) -> list[Kept]:
        return [item for item in self.kept if item.lost]


def _kept(levels: dict[str, int], names, catalogue) -> list[Kept]:
    return [
        Kept(
            name=name,
            label=catalogue[name].label_nl if name in catalogue else name,
            level=levels[name],
            detail=str(LEVELS_NL[name][levels[name]]),
            lost=levels[name] == an.BY_NAME[name].top and name != "programme_history",
        )
        for name in names
    ]


def preview(study: Study, *, on_date: dt.date | None = None) -> Preview:
    """What an export of the study's approved (or else requested) variables would keep at
    today's cohort size, with the group's earlier releases; and per quasi-identifier what
    the others would keep without it. It reads the whole cohort, as the export does."""
    with facts.bulk_reads():
        return _preview(study, on_date)


def _preview(study: Study, on_date: dt.date | None) -> Preview:
    names = list(study.approved_variables or study.variables)
    holdings = selectors.group_holdings(study.group)  # read once: the plan and the page
    plan = study_plan(study, variables=names, on_date=on_date, held=holdings)
    catalogue = cat.catalogue()
    cohort = engine.cohort_for(plan)
    members = engine.household_members(plan, cohort)
    lattice = engine.lattice_for(plan, cohort, members)
    qis = plan.quasi_identifiers
    try:
        outcome = engine.decide(plan, cohort, members=members, lattice=lattice)
    except engine.ReleaseRefused:
        return Preview(
            cohort=lattice.total,
            k=plan.k,
            l=plan.l,
            feasible=False,
            kept=[],
            alternatives=[],
            suppressed=0,
            left_out=lattice.total,
            values_suppressed_groups=0,
            group_releases=holdings.releases,
            days=plan.days,
            error=_("Met deze variabelen is geen uitgifte mogelijk die k haalt."),
        )
    decision = outcome.decision
    alternatives = []
    for dropped in qis:
        others = [name for name in qis if name != dropped]
        without = an.search(lattice, exported=others, k=plan.k, floor=plan.floor)
        alternatives.append(
            Alternative(
                dropped=_kept(decision.levels, [dropped], catalogue)[0],
                others=_kept(without.levels, others, catalogue),
            )
        )
    exported = sum(n for raw, n in lattice.counts.items() if outcome.output(raw) is not None)
    return Preview(
        cohort=lattice.total,
        k=plan.k,
        l=plan.l,
        feasible=decision.feasible and lattice.total >= plan.k,
        kept=_kept(decision.levels, qis, catalogue),
        alternatives=alternatives,
        suppressed=decision.suppressed_people,
        left_out=lattice.total - exported,
        values_suppressed_groups=len(outcome.blocked),
        group_releases=holdings.releases,
        days=plan.days,
    )
