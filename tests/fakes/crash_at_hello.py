"""Dies before answering hello: logs a reason on stderr and exits 3."""

import sys

sys.stderr.write("fake: cannot load my engine\n")
sys.exit(3)
