"""``python -m reportedly.cli``: the ``reportedly`` command."""

from reportedly.cli import main

raise SystemExit(main())
