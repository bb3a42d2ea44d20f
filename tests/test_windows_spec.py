"""The Windows createSpec reference against moby-behavior §4, §12, §13, §20 (worked examples and quirks)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from mobyspec_conformance.corpus import default_corpus, load_case
from mobyspec_reference import build_output
from mobyspec_reference.layers import base_diff_id, base_layer_id, create_chain_id
from mobyspec_reference.profiles import PROFILES, get_profile, profiles_for
from mobyspec_reference.windows_rules import WINDOWS_CHANGE_POINTS

#: §20's worked examples as moby serialized them (compact json.Marshal), one per line.
_EXAMPLES_FILE = Path(__file__).parent / "data" / "windows_worked_examples.txt"


def _examples() -> dict[str, tuple[str, str]]:
    out = {}
    for line in _EXAMPLES_FILE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, profile, text = line.split(" ", 2)
            out[name] = (profile, text)
    return out


EXAMPLES = _examples()


def _case_input(case_id: str) -> Any:
    root = default_corpus().resolve()
    return load_case(root / f"{case_id}.json", root).input


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_worked_example(name: str) -> None:
    """§20.1 C1-C3 (c70f153f52) and §20.2 D1-D3 (410a8612f4): the doc's JSON, key for key."""
    profile, expected = EXAMPLES[name]
    out = build_output("windows", "spec", _case_input(f"windows/examples/{name}"), profile)
    assert out == json.loads(expected)
    assert list(out) == list(json.loads(expected))  # Go declaration order at the top level


def _spec(profile: str, container: dict[str, Any] | None = None, **world: Any) -> Any:
    base: dict[str, Any] = {
        "Path": "cmd",
        "BaseFS": "C:\\b",
        "Config": {"Hostname": "h"},
        "HostConfig": {"Isolation": "process"},
    }
    for key, value in (container or {}).items():
        base[key] = {**base[key], **value} if isinstance(value, dict) and key in base else value
    return build_output("windows", "spec", {"container": base, **world}, profile)


def test_every_windows_profile_builds() -> None:
    ids = [p.id for p in profiles_for("windows", "spec")]
    old = [
        "1.11.0",
        "1.11",
        "1.12-dev+c70f153",
        "1.12",
        "1.12.1",
        "1.12.2",
        "1.13-dev+410a861",
        "1.13.0",
        "17.03",
        "17.06",
    ]
    assert ids[: len(old)] == old
    # from 17.07 every profile builds Windows specs: its own change point's rules or the newest earlier one's
    assert ids[len(old) :] == [p.id for p in PROFILES[PROFILES.index(get_profile("17.07")) :]]
    assert [pid for pid in ids if pid in WINDOWS_CHANGE_POINTS] == list(WINDOWS_CHANGE_POINTS)
    for pid in ids:
        out = _spec(pid, image={"RootFS": {"Type": "layers", "DiffIDs": []}})
        assert out["ociVersion"] == get_profile(pid).windows.oci_version  # type: ignore[union-attr]


def test_nil_rootfs_panics_from_17_09() -> None:
    """``len(img.RootFS.DiffIDs)`` on a nil RootFS (moby/moby@v17.09.0-ce:daemon/oci_windows.go)."""
    assert "ociVersion" in _spec("17.07")
    out = _spec("17.09")
    assert out["error"]["code"] == "go.panic"
    assert "nil pointer dereference" in out["error"]["message"]


@pytest.mark.parametrize(
    ("profile", "args"),
    [
        # 1.11: "TODO (jstarks): escape the entrypoint too" (moby/moby@v1.11.2:daemon/oci_windows.go)
        ("1.11", ["C:\\Program Files\\x.exe", '"a b"']),
        ("1.12-dev+c70f153", ['"C:\\Program Files\\x.exe"', '"a b"']),
        ("17.06", ['"C:\\Program Files\\x.exe"', '"a b"']),
    ],
)
def test_path_escaping_per_profile(profile: str, args: list[str]) -> None:
    out = _spec(profile, {"Path": "C:\\Program Files\\x.exe", "Args": ["a b"]})
    assert out["process"]["args"] == args


@pytest.mark.parametrize(
    ("profile", "cwd"),
    [
        ("1.11", ""),
        ("1.12-dev+c70f153", ""),
        ("1.12", "C:\\"),
        ("1.13-dev+410a861", "C:\\"),
        ("17.06", "C:\\"),
    ],
)
def test_cwd_default(profile: str, cwd: str) -> None:
    """The C:\\ default arrived with commit c2d183426b (after c70f153f52, before 1.12)."""
    assert _spec(profile)["process"]["cwd"] == cwd


@pytest.mark.parametrize(
    ("profile", "cwd"),
    [
        ("1.11", "C:\\a\\..\\b"),  # Hyper-V return before Clean
        ("1.12-dev+c70f153", "C:\\a\\..\\b"),
        ("1.12", "C:\\b"),  # Clean before the Hyper-V return (commit 6952135fc8)
        ("1.13.0", "C:\\b"),
        ("17.03", "C:\\a\\..\\b"),  # SetupWorkingDirectory no longer called
    ],
)
def test_hyperv_workdir_clean_order(profile: str, cwd: str) -> None:
    out = _spec(profile, {"Config": {"WorkingDir": "C:\\a\\..\\b"}, "HostConfig": {"Isolation": "hyperv"}})
    assert out["process"]["cwd"] == cwd


def _cpu(profile: str, cpus: int = 4, **hc: Any) -> Any:
    out = _spec(profile, {"HostConfig": {"Isolation": "process", **hc}}, host={"NumCPU": cpus})
    return out["windows"]["resources"]


@pytest.mark.parametrize(
    ("profile", "hc", "cpus", "cpu"),
    [
        # §4.6 worked examples
        ("1.13.0", {"NanoCPUs": 1_500_000_000}, 4, {"count": 0, "shares": 0, "percent": 37}),
        ("1.13.0", {"NanoCPUs": 10_000_000}, 4, {"count": 0, "shares": 0, "percent": 0}),
        ("17.06", {"NanoCPUs": 10_000_000}, 4, {"count": 0, "shares": 0, "percent": 1}),
        (
            "17.06",
            {"NanoCPUs": 1_500_000_000, "Isolation": "hyperv"},
            4,
            {"count": 2, "shares": 0, "percent": 75},
        ),
        (
            "17.06",
            {"NanoCPUs": 2_000_000_000, "Isolation": "hyperv", "CPUPercent": 9},
            4,
            {"count": 2, "shares": 0, "percent": 9},
        ),
        ("17.06", {"NanoCPUs": 5_000_000, "Isolation": "hyperv"}, 4, {"count": 1, "shares": 0, "percent": 0}),
        ("1.13.0", {"CPUPercent": 300, "CPUShares": 70000}, 4, {"count": 0, "shares": 4464, "percent": 44}),
        # §12.2: observed with the real code
        ("1.13.0", {"NanoCPUs": 3_000_000_000}, 1, {"count": 0, "shares": 0, "percent": 44}),
        ("1.13.0", {"NanoCPUs": 10**17}, 1, {"count": 0, "shares": 0, "percent": 247}),
        ("1.13.0", {"NanoCPUs": 10**17}, 2, {"count": 0, "shares": 0, "percent": 252}),
        # windowsoci: shares uint64, percent raw int64
        ("1.11", {"CPUShares": -1, "CPUPercent": 50}, 4, {"shares": 2**64 - 1}),
        ("1.12", {"CPUShares": 70000, "CPUPercent": -1}, 4, {"shares": 70000, "percent": -1}),
    ],
)
def test_cpu_conversions(profile: str, hc: dict[str, Any], cpus: int, cpu: dict[str, int]) -> None:
    assert _cpu(profile, cpus, **hc)["cpu"] == cpu


@pytest.mark.parametrize(
    ("profile", "memory"),
    [
        ("1.12", {}),
        ("1.13-dev+410a861", {"limit": -1}),
        ("1.13.0", {"limit": 2**64 - 1}),
        ("17.06", {"limit": 2**64 - 1}),
    ],
)
def test_memory_limit(profile: str, memory: dict[str, int]) -> None:
    assert _cpu(profile, Memory=-1)["memory"] == memory


def test_network_resource_dropped_in_1706() -> None:
    assert "network" in _cpu("1.13.0")
    assert "network" not in _cpu("17.06")


def test_chain_ids() -> None:
    """§13.1 and the §20.1 worked examples' chain IDs."""
    a, b = "sha256:" + "a" * 64, "sha256:" + "b" * 64
    assert create_chain_id([]) == ""
    assert create_chain_id([a]) == a
    assert (
        create_chain_id([a, b]) == "sha256:ccd722928bd92476ba1745586fed6e45a102504185ad88cd89e01ff116fd146c"
    )
    assert (
        base_layer_id("WindowsServerCore")
        == "3df4df2220d5721fdbf82358ec36aa28e129236ddaa561764301bc31619be484"
    )
    base = base_diff_id("WindowsServerCore")
    assert base == "sha256:6d7dfb7914e17a0ce51b13b0c669e52057530f94e88662966a89dfad85ce9e46"
    assert (
        create_chain_id([base, a])
        == "sha256:0d052625f330039fbb65f814ed99c94945f6a51affb3c1cb3abb8c36ea19e30f"
    )


def test_layer_error_prints_chain_id() -> None:
    a, b = "sha256:" + "a" * 64, "sha256:" + "b" * 64
    out = _spec(
        "1.12",
        daemon={"LayerStore": "<ls>"},
        image={"RootFS": {"Type": "layers", "DiffIDs": [a, b]}},
        layers={a: "C:\\l1"},
    )
    assert out == {
        "error": {
            "code": "windows.layer.path",
            "message": "Failed to get layer path from graphdriver <ls> for ImageID "
            "sha256:ccd722928bd92476ba1745586fed6e45a102504185ad88cd89e01ff116fd146c - layer does not exist",
        }
    }


def test_hyperv_layers_without_diff_ids_panics() -> None:
    """layerPaths[len(layerPaths)-1] on an empty slice: Go panics (§20.1 step 15)."""
    out = _spec("1.12", {"HostConfig": {"Isolation": "hyperv"}}, image={"RootFS": {"Type": "layers"}})
    assert out["error"]["code"] == "go.panic"


def test_tp4_panics_with_networks() -> None:
    """1.11 without a network controller: FindNetwork calls a nil interface (v1.11.2 daemon/network.go)."""
    out = _spec("1.11", {"NetworkSettings": {"Networks": {"nat": {}}}}, daemon={"NetController": False})
    assert out["error"]["code"] == "go.panic"
    assert _spec("1.12", {"NetworkSettings": {"Networks": {"nat": {}}}})["windows"]["networking"] == {}


def test_windows_change_points_match_the_profile_table() -> None:
    """Each modern Windows change point is a profile whose moby tree is the change point's first tag."""
    assert next(iter(WINDOWS_CHANGE_POINTS)) == "17.07"
    for pid, point in WINDOWS_CHANGE_POINTS.items():
        profile = get_profile(pid)
        assert profile.moby_tree == point.first
        assert profile.windows is not None
        assert all(src.startswith("moby/moby@") for src in point.sources)
