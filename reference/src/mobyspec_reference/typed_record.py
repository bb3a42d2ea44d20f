"""29.0+: the stored record's typed fields, as config.v2.json decodes them.

From docker-v29.0.0 ``Config.ExposedPorts`` is a ``network.PortSet`` and an endpoint's ``IPAddress`` a
``netip.Addr``: ``Container.FromDisk`` decodes both with their ``UnmarshalText`` and a bad value stops the
decode (moby/moby@docker-v29.0.0:daemon/container/container.go), so such a record cannot be loaded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mobyspec_reference.errors import fail
from mobyspec_reference.gonetip import AddrError, parse_addr_unmapped
from mobyspec_reference.links_modern import PortError, parse_port

if TYPE_CHECKING:
    from mobyspec_reference.inputs import CaseInput, Container


def check_decodes(inp: CaseInput) -> None:
    """Refuse a container or linked child whose record 29.x cannot decode (``record.undecodable``).

    The container first, then the children in link order; in a record the first bad value in file
    order (``Config`` before ``NetworkSettings``), with Go's decode error as the message.
    """
    for record in (inp.container, *(link.Container for link in inp.links)):
        _check(record)


def _check(record: Container) -> None:
    try:
        for key in record.Config.ExposedPorts:
            parse_port(key)
        for _, endpoint in record.Networks:
            # a nil EndpointSettings pointer has no IPAddress field to decode
            if endpoint is not None and endpoint.EndpointSettings:
                parse_addr_unmapped(endpoint.IPAddress)
    except (PortError, AddrError) as err:
        raise fail("record.undecodable", str(err)) from None
