import sys

from sbsite.cli.main import main

sys.exit(main())
