"""The address a request came from, seen through the TLS proxies production sits behind.

REMOTE_ADDR is the proxy's address when there is one, so on its own it would make every member of a
council one person to the sign-in throttle and to the audit log. X-Forwarded-For is believed only as
far as the proxies in TRUSTED_PROXIES wrote it: reading from the right, the first address that is not
a trusted proxy is the client. Anything further left was written by the client and may be invented.
"""

import ipaddress

from django.conf import settings


def parse_networks(values):
    """Networks from addresses or CIDR ranges; raises ValueError naming a value that is neither."""
    networks = []
    for value in values:
        try:
            networks.append(ipaddress.ip_network(value.strip(), strict=False))
        except ValueError:
            raise ValueError(f"{value!r} is not an IP address or a CIDR range like 10.0.0.0/8") from None
    return tuple(networks)


def _address(text):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted(address, networks):
    return any(address in network for network in networks)


def client_address(request):
    """The client's IP address as text, or None when the request names none."""
    remote = _address(request.META.get("REMOTE_ADDR") or "")
    if remote is None:
        return None
    networks = parse_networks(settings.TRUSTED_PROXIES)
    if not _trusted(remote, networks):
        return str(remote)
    client = remote
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            # A value no proxy of ours would write: nothing to its left can be believed either, and
            # the last proxy that handed it on is the nearest address we know.
            break
        client = address
        if not _trusted(address, networks):
            break
    return str(client)
