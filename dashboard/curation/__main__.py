"""`python -m dashboard.curation <command>`: see dashboard/curation/cli.py."""

import sys

from dashboard.curation.cli import main

sys.exit(main())
