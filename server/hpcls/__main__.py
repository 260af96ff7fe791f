import sys

from hpcls.cli import main

sys.exit(main())
