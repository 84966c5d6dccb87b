"""Imports of files (participants, measurements): reading, row validation and writing, by topic.

A file import takes a path, an open file or rows already read, validates every row and
writes all of them in one transaction or none; on any error it raises ImportRefused
carrying every bad row as a Dutch "Rij N: ..." message that never quotes a value from the
file. The commands ``import_participants`` and ``import_measurements`` are thin callers,
without an actor; the upload page (``casework.views.imports``) passes its user as ``actor``
(own teams only), previews with ``preview_participants``/``preview_measurements`` (the same
validation, nothing written) and carries the file to the confirmation in a sealed token
(``tokens``).
"""

from __future__ import annotations

from casework.services.imports.base import (  # noqa: F401
    ImportPreview,
    RowErrors,
    messages_of,
    plural,
)
from casework.services.imports.measurements import (  # noqa: F401
    MeasurementImport,
    MeasurementSample,
    derive_wave,
    import_measurements,
    pick_enrolment,
    preview_measurements,
    validate_measurement_rows,
)
from casework.services.imports.participants import (  # noqa: F401
    ParsedRow,
    ParticipantImport,
    ParticipantSample,
    import_participants,
    preview_participants,
    validate_participant_rows,
)
from casework.services.imports.reading import (  # noqa: F401
    ImportRefused,
    UnreadableFile,
    parse_date,
    read_rows,
    read_text,
)
from casework.services.imports.records import (  # noqa: F401
    import_household_member,
    import_participant,
)
