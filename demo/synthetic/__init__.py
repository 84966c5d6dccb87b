"""Generate fictitious participants at scale, for load tests and benchmarks.

    python manage.py generate_synthetic --participants 100000 --seed 1 [--measurements 20]

The rows are written in bulk, without the services and without the ORM's per-object
machinery, but encrypted exactly as the services do it: every participant gets a data key
of its own (``privacy.services.build_data_key``), every identifier and free text is sealed
with ``Cipher.seal`` under that key with the same associated data as ``casework.services``
(model, column, row pk), BSN and client reference get their blind index, and every
history-tracked row gets its history row (``history_type`` "+", the caseworker as
``history_user``), as ``simple_history.utils.bulk_create_with_history`` would make it.

The content is reproducible: the same seed gives the same names, dates and scores (keys,
nonces and row ids are random, as they must be). Each participant has one active
enrolment with a plan and one goal, ``--progress`` progress entries and ``--measurements``
Measurement rows: waves at intake and every six months, each wave the ZRM, Positieve
Gezondheid and goal attainment (of the one goal), in that order, until the count is
reached. ``--items`` is the number of scores per ZRM and Positieve Gezondheid measurement
(default 1: the participant's focus domain, as a partly filled-in instrument; at most 12
and 6), so by default there is one MeasurementValue row per Measurement row. Full
instruments (``--items 12``) multiply the rows, and the time, about sixfold.

Speed: the rows are built as tuples in the database's own representation (the column list
is checked against the models and their history models, the value conversions against the
fields' ``get_db_prep_save``) and written per table with ``cursor.executemany`` (on
PostgreSQL with ``COPY``), one transaction per ``--batch-size`` participants, while a
forked child process generates the next batch, instead of
``bulk_create_with_history``. Measured figures are in ``benchmarks/README.md``.

All participants are enrolled in one team (``--team``, default ``synth`` of organisation
``synthetic``) whose caseworker (``--caseworker``, default ``synth-caseworker``) can log in

The package: ``content`` (what participants are made of), ``rows`` (one batch's rows),
``tables`` (writing them), ``generator`` (seeded batches, forked ahead) and ``command``.
"""

from demo.synthetic.command import Command
from demo.synthetic.content import ANCHOR, SYNTH_PASSWORD
from demo.synthetic.generator import Generator
from demo.synthetic.rows import Batch
from demo.synthetic.tables import Table, sqlite_cache

__all__ = ["ANCHOR", "SYNTH_PASSWORD", "Batch", "Command", "Generator", "Table", "sqlite_cache"]
