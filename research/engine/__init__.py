"""The export engine: a study's consented cohort, pseudonymised, generalised and suppressed,
written as a zip of participants, measurements (long and wide per wave), codebook, import
scripts, README, study.json, disclosure report and manifest.

Passes over the cohort, each a chunked stream ordered by participant id from
``casework.facts`` and merged per participant (no per-participant state is kept):

1. count the people per raw combination of quasi-identifiers (``privacy.anonymity``);
2. search the generalisation of least loss that holds k on the classes an attacker sees who
   also holds the research group's earlier releases (the floor);
3. l-diversity per person: for each class, sensitive variable and wave, how many different
   values the people have; a sensitive value of this export is suppressed where fewer than
   l differ or one value is everyone's, and people whose class would make a value the group
   already holds non-diverse are left out;
4. check k on what will actually be written (the household pseudonyms counted as written);
   a node that fails is excluded and the search runs again;
5. write the files.

Memory grows with the number of distinct combinations of quasi-identifiers and of
households, never with the measurements. Nothing here decrypts or reads an encrypted column.

The modules: ``plan`` (what an export is asked and returns), ``cohort`` (the ordered streams
per participant and the values in scope), ``disclosure`` (passes 1 to 4) and ``export``
(pass 5: the files).
"""

from research.engine.cohort import Person, Scope, Stream, cohort_for, household_members
from research.engine.disclosure import Outcome, decide, lattice_for, report
from research.engine.export import run, sha256_file, software_version, zip_files
from research.engine.plan import Cancelled, Plan, ReleaseRefused, Result

__all__ = [
    "Cancelled",
    "Outcome",
    "Person",
    "Plan",
    "ReleaseRefused",
    "Result",
    "Scope",
    "Stream",
    "cohort_for",
    "decide",
    "household_members",
    "lattice_for",
    "report",
    "run",
    "sha256_file",
    "software_version",
    "zip_files",
]
