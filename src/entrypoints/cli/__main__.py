"""`python -m entrypoints.cli`: the same command as the `factory-service` script."""

import sys

from entrypoints.cli import main

sys.exit(main())
