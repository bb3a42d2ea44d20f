"""Hand-named Linux ``spec`` anchor cases: one per behaviour or quirk of moby-behavior §3, §5-§10, §14."""

from __future__ import annotations

from common import case, linux_input, ref

Json = dict

_POP = [ref("v1.12.0", "daemon/oci_linux.go")]


def _linux(
    case_id: str,
    description: str,
    features: list[str],
    container: Json | None = None,
    refs: list[str] | None = None,
    profiles: list[str] | None = None,
    **world: Json,
) -> Json:
    return case(
        f"linux/{case_id}",
        description,
        platform="linux",
        operation="spec",
        features=features,
        inp=linux_input(container, **world),
        refs=refs or _POP,
        profiles=profiles,
    )


def cases() -> list[Json]:
    """Every Linux anchor case."""
    return [
        _linux(
            "default/minimal",
            "a plain container: DefaultSpec of the profile with args, cwd /, env and hostname filled in",
            ["default-spec", "shape", "cwd", "env", "hostname", "args", "root"],
            refs=[*_POP, ref("v1.12.0", "oci/defaults_linux.go")],
        ),
    ]
