"""The cell key method: bounded, consistent noise for figures that are published.

Every counted record (a participant, or another unit such as a barrier) has a permanent record
key, a whole number in ``0 .. KEY_RANGE - 1`` drawn at random once and never exported. A cell's
key is the sum of the keys of the records it counts, modulo ``KEY_RANGE``. The noise added to a
cell is read from a fixed perturbation table (``PTABLE``) by the cell's true count and its cell
key. So the same records give the same figure in every table, page and period (one group of
people, one figure), and subtracting two overlapping tables does not cancel the noise: the
parts that differ have keys of their own.

The perturbation table is built here, from its parameters, as the statistical offices build
theirs (the maximum-entropy tables of the ABS and of ``ptable`` by sdcTools): for each true
count ``i`` the noise ``d`` has

- ``-min(i, MAX_NOISE) <= d <= MAX_NOISE`` (bounded; never a negative figure),
- mean 0 (unbiased) and variance ``VARIANCE``,
- otherwise as spread out as possible (maximum entropy), and
- ``p(0 -> 0) = 1``: an empty cell stays 0.

The distribution is turned into ``KEY_RANGE`` buckets: the noise for cell key ``k`` is the
``(k + 0.5) / KEY_RANGE`` quantile. From ``MAX_NOISE`` up every count has the same row.
``describe()`` gives the figures the documentation quotes (docs/privacy-model.md).

The UK Office for National Statistics publishes its implementation as the package
``cell-key-perturbation``. It is not used: it tabulates microdata in pandas (Koers counts in
the database and would have to load every record of a table into a data frame, against the
performance budget) and its supplied table is a "10/5 rule" (counts below 10 suppressed,
rounded to 5), which is the suppression this method replaces. The method (record keys 0-255,
cell key = sum modulo 256, look-up by count and cell key) is the same.
"""

from __future__ import annotations

import math
import secrets
from dataclasses import dataclass
from functools import cache

KEY_RANGE = 256
MAX_NOISE = 3
VARIANCE = 1.0


def new_record_key() -> int:
    """A fresh record key (for a new participant: stored once, never changed or exported)."""
    return secrets.randbelow(KEY_RANGE)


def cell_key(key_sum: int) -> int:
    return key_sum % KEY_RANGE


def _max_entropy(support: list[int], variance: float) -> list[float]:
    """The maximum-entropy distribution on ``support`` with mean 0 and this variance: of the
    form ``p(d) ~ exp(a d + b d^2)``, found with Newton's method on the dual (convex)."""
    a = b = 0.0
    for _ in range(200):
        weights = [math.exp(a * d + b * d * d) for d in support]
        total = sum(weights)
        p = [w / total for w in weights]
        m1 = sum(pi * d for pi, d in zip(p, support, strict=True))
        m2 = sum(pi * d * d for pi, d in zip(p, support, strict=True))
        m3 = sum(pi * d**3 for pi, d in zip(p, support, strict=True))
        m4 = sum(pi * d**4 for pi, d in zip(p, support, strict=True))
        g1, g2 = m1, m2 - variance
        if abs(g1) < 1e-12 and abs(g2) < 1e-12:
            return p
        # Hessian: the covariance of (d, d^2).
        h11, h12, h22 = m2 - m1 * m1, m3 - m1 * m2, m4 - m2 * m2
        det = h11 * h22 - h12 * h12
        da = (h22 * g1 - h12 * g2) / det
        db = (h11 * g2 - h12 * g1) / det
        step = 1.0
        while step > 1e-6 and max(abs(a - step * da), abs(b - step * db)) > 50:
            step /= 2
        a, b = a - step * da, b - step * db
    raise ArithmeticError(f"no perturbation distribution on {support} with variance {variance}")


def _row(count: int) -> tuple[int, ...]:
    """The noise for each cell key, for a true count."""
    if count == 0:
        return (0,) * KEY_RANGE
    support = list(range(-min(count, MAX_NOISE), MAX_NOISE + 1))
    p = _max_entropy(support, VARIANCE)
    row, cumulative, index = [], 0.0, 0
    for key in range(KEY_RANGE):
        u = (key + 0.5) / KEY_RANGE
        while cumulative + p[index] < u and index < len(support) - 1:
            cumulative += p[index]
            index += 1
        row.append(support[index])
    return tuple(row)


@cache
def ptable() -> dict[int, tuple[int, ...]]:
    """Rows for true counts 0 .. MAX_NOISE; larger counts use the last row."""
    return {count: _row(count) for count in range(MAX_NOISE + 1)}


def noise(count: int, key_sum: int) -> int:
    if count < 0:
        raise ValueError("a count is never negative")
    table = ptable()
    return table[min(count, MAX_NOISE)][cell_key(key_sum)]


def perturb(count: int, key_sum: int) -> int:
    """The published figure of a cell with this true count and sum of record keys."""
    return count + noise(count, key_sum)


def possible_counts(shown: int) -> set[int]:
    """Every true count that can be published as ``shown``: what a reader who knows this
    table can infer from one figure."""
    table = ptable()
    return {
        true
        for true in range(max(0, shown - MAX_NOISE), shown + MAX_NOISE + 1)
        if shown - true in set(table[min(true, MAX_NOISE)])
    }


@dataclass(frozen=True)
class Description:
    max_noise: int
    variance: float
    key_range: int
    kept: dict[int, float]  # true count -> share of cell keys that show it as itself
    noise_share: dict[int, float]  # noise -> share, for counts from MAX_NOISE up


def describe() -> Description:
    table = ptable()
    kept = {count: table[min(count, MAX_NOISE)].count(0) / KEY_RANGE for count in range(1, 5)}
    big = table[MAX_NOISE]
    return Description(
        max_noise=MAX_NOISE,
        variance=VARIANCE,
        key_range=KEY_RANGE,
        kept=kept,
        noise_share={d: big.count(d) / KEY_RANGE for d in sorted(set(big))},
    )
