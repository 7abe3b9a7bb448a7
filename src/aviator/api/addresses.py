"""Names on the network: this collector's node, and the HOST:PORT of a server it talks to.

Light on purpose (the standard library only): the commands parse their options with it before
deciding whether to load paho-mqtt or prometheus_client at all.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from aviator.config.settings import default_node

__all__ = ["Address", "default_node", "parse_address", "topic_level"]


def topic_level(name: str) -> str:
    """`name` as one level of an MQTT topic: '/' would split it, '+' and '#' are wildcards."""
    cleaned = "".join("_" if char in "/+#\0" else char for char in name.strip())
    return cleaned or "_"


@dataclass(frozen=True)
class Address:
    """Where a server listens."""

    host: str
    port: int

    def __str__(self) -> str:
        return f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"


def parse_address(text: str, default_port: int) -> Address:
    """HOST, HOST:PORT or [IPv6]:PORT; ValueError naming what is wrong."""
    host, port = text, str(default_port)
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        port = rest.removeprefix(":") or port
    elif text.count(":") == 1:
        host, _, port = text.partition(":")
    if ":" in host and not _is_ipv6(host):
        raise ValueError(f"write HOST:PORT or [IPv6]:PORT, not {text!r}")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(f"write HOST:PORT, for example 127.0.0.1:{default_port}, not {text!r}")
    return Address(host, int(port))


def _is_ipv6(host: str) -> bool:
    try:
        ipaddress.IPv6Address(host)
    except ValueError:
        return False
    return True
