"""The aggregate tables of lifecoaching, released through ``privacy.release`` (imported from
``LifecoachingConfig.ready``, so a bad declaration stops the start-up). A team lead sees the
own teams' young people exactly (care); the programme office all of them (management)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from privacy.release import Audience, declare

AUDIENCES = [Audience.CARE, Audience.MANAGEMENT, Audience.PUBLIC]
YOUNG = "participants with a running lifecoaching enrolment today"

WITH_COACH = declare(
    "lifecoaching.with_coach",
    title=_("Jongeren met en zonder coach"),
    dimensions=("with_coach",),
    unit="participant",
    population=YOUNG + ", by whether a coach is matched",
    audiences=AUDIENCES,
)
AT_ADVICE = declare(
    "lifecoaching.at_advice",
    title=_("Op of boven het schooladvies"),
    dimensions=("at_advice",),
    unit="participant",
    population=YOUNG + " whose latest school status has an advice to compare with",
    audiences=AUDIENCES,
)
IN_EDUCATION = declare(
    "lifecoaching.in_education",
    title=_("Op school of met startkwalificatie"),
    dimensions=("in_education",),
    unit="participant",
    population=YOUNG + " with a school status",
    audiences=AUDIENCES,
)
SCHOOL_LEVELS = declare(
    "lifecoaching.school_levels",
    title=_("Jongeren per laatste schoolniveau"),
    dimensions=("level_group",),
    unit="participant",
    population=YOUNG + " with a school status, by the group of their latest level",
    audiences=AUDIENCES,
)
SESSIONS = declare(
    "lifecoaching.sessions",
    title=_("Gesprekken in de periode"),
    dimensions=(),
    unit="session",
    population="coaching sessions in the period with young people counted above",
    audiences=AUDIENCES,
)
WITH_SESSION = declare(
    "lifecoaching.with_session",
    title=_("Jongeren met een gesprek in de periode"),
    dimensions=(),
    unit="participant",
    population=YOUNG + " with at least one coaching session in the period",
    audiences=AUDIENCES,
)

# Every table above, in the order the app's figures page shows them.
ALL = (WITH_COACH, AT_ADVICE, IN_EDUCATION, SCHOOL_LEVELS, SESSIONS, WITH_SESSION)
