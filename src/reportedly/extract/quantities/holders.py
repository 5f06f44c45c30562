"""Who gave a figure: the attribution whose content holds it."""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from reportedly.extract.quantities.figure import Figure
from reportedly.model import Attribution


class Holders:
    """The attributions by where their content starts, to find the one holding a figure without
    a scan of them all per figure (quadratic in a long article)."""

    def __init__(self, attributions: Sequence[Attribution]) -> None:
        self.by_start = sorted(attributions, key=lambda a: a.content.start)
        self.starts = [a.content.start for a in self.by_start]
        self.order = {id(a): k for k, a in enumerate(attributions)}
        self.longest = max((a.content.end - a.content.start for a in attributions), default=0)

    def holder(self, fig: Figure) -> str | None:
        """The innermost attribution whose content holds the figure's number (the first
        given, of equally long ones)."""
        # Only contents starting at most ``longest`` before the number can hold it.
        lo = bisect.bisect_left(self.starts, fig.num_start - self.longest)
        hi = bisect.bisect_right(self.starts, fig.num_start)
        holders = [a for a in self.by_start[lo:hi] if fig.num_end <= a.content.end]
        if not holders:
            return None
        return min(holders, key=lambda a: (a.content.end - a.content.start,
                                           self.order[id(a)])).id
