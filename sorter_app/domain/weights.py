"""Actual weights of weighed goods, per order line, for the platform's price settlement (多退少补)."""

from __future__ import annotations

from collections.abc import Sequence


def attribute_weights(
    lines: Sequence[tuple[str, int]], unit_grams: Sequence[int]
) -> dict[str, int]:
    """Give each line (line_id, units it gets) the grams of the next units put, in order.

    Lines come earliest order first; units beyond the lines' total are ignored (they are not
    anyone's), lines left without units get no entry.
    """
    weights: dict[str, int] = {}
    position = 0
    for line_id, units in lines:
        taken = unit_grams[position : position + units]
        position += len(taken)
        if taken:
            weights[line_id] = sum(taken)
    return weights
