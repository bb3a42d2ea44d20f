"""Rewrites one header field of a mobyspec report: a shard from another run passed off as one of this run.

``python forge_report.py REPORT KEY.PATH JSON``: sets the header's ``KEY.PATH`` (dotted) to the JSON value,
records and footer untouched. ``report merge`` must notice that the shards no longer agree.
"""

import json
import sys
from pathlib import Path

path, key, value = Path(sys.argv[1]), sys.argv[2], json.loads(sys.argv[3])
lines = path.read_text("utf-8").splitlines(keepends=True)
header = json.loads(lines[0])
node = header
*parents, last = key.split(".")
for part in parents:
    node = node[part]
node[last] = value
path.write_text(json.dumps(header) + "\n" + "".join(lines[1:]), "utf-8")
