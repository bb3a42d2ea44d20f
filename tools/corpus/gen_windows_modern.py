"""Windows ``spec`` anchor cases of the modern profiles (17.07 onwards): one or more per change point.

Each case cites the tag whose ``createSpec`` (moby/moby@TAG:daemon/oci_windows.go) shows the behaviour;
the goldens come from the reference under every profile that applies, so the older profiles document
what came before.
"""

from __future__ import annotations

from typing import Any

from tools.corpus.common import ref
from tools.corpus.windows_base import win_case, windows_input

Json = Any

OCI_1707 = ref("v17.07.0-ce", "daemon/oci_windows.go")
_SPEC_1707 = ref("v17.07.0-ce", "vendor/github.com/opencontainers/runtime-spec/specs-go/config.go")


def _res(hc: Json, isolation: str = "process", cpus: int = 4) -> Json:
    return windows_input({"HostConfig": {"Isolation": isolation, **hc}}, {"host": {"NumCPU": cpus}})


def _cpu_maximum() -> list[Json]:
    """17.07: CPU.Maximum (percent x 100, uint16) replaces CPU.Percent; NanoCPUs in units of 1/10000."""
    f = ["resources", "cpu-maximum"]
    fn = [*f, "nano-cpus"]
    r = [OCI_1707, _SPEC_1707]
    return [
        win_case(
            "modern/cpu-maximum/percent-50",
            "CPUPercent 50: cpu.percent 50 up to 17.06, cpu.maximum 5000 from 17.07",
            f,
            _res({"CPUPercent": 50}),
            r,
        ),
        win_case(
            "modern/cpu-maximum/percent-700-wraps",
            "CPUPercent 700: uint16(700) * 100 wraps to 4464 in uint16 arithmetic (17.07+)",
            f,
            _res({"CPUPercent": 700}),
            r,
        ),
        win_case(
            "modern/cpu-maximum/percent-negative",
            "CPUPercent -1: uint16 65535 * 100 wraps to 65436 (17.07+)",
            f,
            _res({"CPUPercent": -1}),
            r,
        ),
        win_case(
            "modern/cpu-maximum/nano-process",
            "NanoCPUs 1.5e9 on 4 CPUs, process isolation: maximum 1.5e9 / 4 / 1e5 = 3750",
            fn,
            _res({"NanoCPUs": 1_500_000_000}),
            r,
        ),
        win_case(
            "modern/cpu-maximum/nano-process-tiny",
            "NanoCPUs 1 on 4 CPUs, process isolation: maximum rounds to 0 and is clamped to 1",
            fn,
            _res({"NanoCPUs": 1}),
            r,
        ),
        win_case(
            "modern/cpu-maximum/nano-hyperv-fraction",
            "NanoCPUs 2.5e9 Hyper-V: count 3, maximum 2.5e9 / 3 / 1e5 = 8333",
            fn,
            _res({"NanoCPUs": 2_500_000_000}, "hyperv"),
            r,
        ),
        win_case(
            "modern/cpu-maximum/nano-hyperv-whole",
            "NanoCPUs 2e9 Hyper-V with CPUPercent 10: count 2, maximum stays CPUPercent x 100 = 1000",
            fn,
            _res({"NanoCPUs": 2_000_000_000, "CPUPercent": 10}, "hyperv"),
            r,
        ),
        win_case(
            "modern/cpu-maximum/nano-hyperv-tiny",
            "NanoCPUs 1 Hyper-V: count 1, maximum 0 clamped to 1 (17.07; 17.06 left percent 0)",
            fn,
            _res({"NanoCPUs": 1}, "hyperv"),
            r,
        ),
    ]


def _image_and_console() -> list[Json]:
    """17.07: createSpec starts with GetImage; terminal and consoleSize only with a TTY."""
    return [
        win_case(
            "modern/image/lookup-error",
            "GetImage fails: from 17.07 createSpec returns the error as is before anything else",
            ["image", "error"],
            windows_input(replace={"image": {"error": "No such image: sha256:" + "1" * 64}}),
            [OCI_1707, ref("v17.07.0-ce", "daemon/image.go")],
        ),
        win_case(
            "modern/console/no-tty",
            "ConsoleSize [30, 120] without Tty: written up to 17.06, left 0x0 from 17.07",
            ["console-size", "tty"],
            windows_input({"HostConfig": {"ConsoleSize": [30, 120]}}),
            [OCI_1707],
        ),
        win_case(
            "modern/console/tty",
            "ConsoleSize [30, 120] with Tty: terminal true and the size in every rc profile",
            ["console-size", "tty"],
            windows_input({"Config": {"Tty": True}, "HostConfig": {"ConsoleSize": [30, 120]}}),
            [OCI_1707],
        ),
    ]


def cases() -> list[Json]:
    """Every modern Windows anchor case."""
    return [*_cpu_maximum(), *_image_and_console()]
