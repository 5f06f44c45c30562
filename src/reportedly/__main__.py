"""``python -m reportedly``: the ``reportedly`` command."""

from reportedly.cli import main

raise SystemExit(main())
