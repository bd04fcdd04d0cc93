"""Where the current request came from, for audit events written deep inside actions."""

import contextvars

from eunomia.core.addresses import client_address

client_ip = contextvars.ContextVar("client_ip", default=None)


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = client_ip.set(client_address(request))
        try:
            return self.get_response(request)
        finally:
            client_ip.reset(token)
