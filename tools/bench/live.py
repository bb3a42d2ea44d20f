"""Live engine speed: pairs/s of ``managed:dockerd`` against the floor (create+start of a no-op container).

Root and dockerd needed. The floor is ContainerCreate + ContainerStart (refused by the capture runtime)
+ remove of one already-loaded image, on the same private engine; the figure is the LiveBuilder
answering every Linux spec case (engine start-up excluded, restarts for daemon settings included),
with ``--jobs`` clients sharing the engine, against the floor with as many clients. Target: within
1.5x of the floor.

    python tools/bench/live.py [--jobs N] [--profile 17.06]
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from mobyspec_conformance.adapters.base import BuildRequest, Skipped
from mobyspec_conformance.corpus import default_corpus, discover, load_case
from mobyspec_conformance.live.builder import LiveBuilder
from mobyspec_conformance.live.engine import EngineError
from mobyspec_conformance.live.image import build_image
from mobyspec_conformance.live.mapping import Settings

TARGET = 1.5


def floor(builder: LiveBuilder, rounds: int, clients: int) -> float:
    """No-op pairs/s on the engine: ``clients`` threads each create+start+remove ``rounds`` times."""
    target = builder._target  # noqa: SLF001 - the bench measures the same engine the builder drives
    assert target is not None
    image = build_image({})
    with target.hold(Settings()) as engine:
        engine.load_image(image.tar)

        def one_client(_: int) -> None:
            for _ in range(rounds):
                cid = engine.create(
                    {"Image": image.tag, "Entrypoint": ["true"], "HostConfig": {"NetworkMode": "none"}}
                )
                with contextlib.suppress(EngineError):  # the capture runtime refuses, as intended
                    engine.start(cid)
                engine.remove(cid)
                (target.capture_dir / f"{cid}.json").unlink(missing_ok=True)

        start = time.perf_counter()
        with ThreadPoolExecutor(clients) as pool:
            list(pool.map(one_client, range(clients)))
        rate = rounds * clients / (time.perf_counter() - start)
    target.idle()
    return rate


def main() -> int:
    """Measure and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--profile", default="17.06")
    parser.add_argument("--floor-rounds", type=int, default=20)
    args = parser.parse_args()
    root = default_corpus()
    cases = [load_case(p, root) for p in discover(root)]
    requests = [
        BuildRequest(i, c.id, args.profile, c.platform, c.operation, c.input)
        for i, c in enumerate(c for c in cases if c.platform == "linux" and c.operation == "spec")
    ]
    # SIGTERM unwinds like SIGINT, so the finally below stops the private engine
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    builders = [LiveBuilder("managed:dockerd") for _ in range(args.jobs)]
    try:
        for b in builders:
            b.start()
        floor_rate = floor(builders[0], args.floor_rounds, args.jobs)
        chunks = [requests[i :: args.jobs] for i in range(args.jobs)]
        start = time.perf_counter()
        with ThreadPoolExecutor(args.jobs) as pool:
            answers = [
                a
                for part in pool.map(lambda bc: list(bc[0].run(bc[1])), zip(builders, chunks, strict=True))
                for a in part
            ]
        wall = time.perf_counter() - start
    finally:
        for b in builders:
            b.close()
    kinds = Counter(type(a).__name__ for a in answers)
    built = kinds["Built"]
    sent = sum(not isinstance(a, Skipped) for a in answers)
    skipped_fast = len(answers) - sent
    rate = sent / wall
    ratio = floor_rate / rate
    print(f"cores: {__import__('os').cpu_count()}, jobs: {args.jobs}")
    print(f"floor: create+start+remove of a no-op container, {args.jobs} client(s): {floor_rate:.2f} pairs/s")
    print(
        f"live: {sent} pairs sent to the engine ({built} specs captured, {skipped_fast} skipped; "
        f"{', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))}) "
        f"in {wall:.1f} s: {rate:.2f} pairs/s"
    )
    verdict = "met" if ratio <= TARGET else "MISSED"
    print(f"ratio to the floor: {ratio:.2f}x (target <= {TARGET}x: {verdict})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
