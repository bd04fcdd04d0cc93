"""What the API shares with the pages: refusals in plain words, as JSON. An action's
ValidationError becomes a 400 naming the fields, like DRF's own; a body the API cannot read (not
JSON, nested too deep, too large) is a 400 or 413 saying so, never a 500 (ADR 36)."""

import codecs
import json

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, parsers, serializers, status
from rest_framework.views import exception_handler as drf_exception_handler

# Lists and objects inside each other; no body the API takes comes near it.
MAX_DEPTH = 64


class BodyTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "body_too_large"

    def __init__(self):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        super().__init__(f"The request body is larger than the {limit:,} bytes the API accepts")


def _too_deep():
    return exceptions.ParseError(f"The JSON is nested too deeply: the API reads at most {MAX_DEPTH} levels of "
                                 "lists and objects inside each other")


def _depth(value):
    """How deeply lists and objects nest in `value`, counted without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
        if isinstance(item, (dict, list)):
            deepest = max(deepest, depth)
            if deepest > MAX_DEPTH:
                return deepest
            stack.extend((child, depth + 1) for child in children)
    return deepest


class JsonParser(parsers.JSONParser):
    """DRF's JSON parser, with limits: at most DATA_UPLOAD_MAX_MEMORY_SIZE bytes (Django's own limit
    for form bodies, which it does not apply to a stream DRF reads) and MAX_DEPTH levels."""

    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        raw = stream.read(limit + 1) if stream is not None else b""
        if limit is not None and len(raw) > limit:
            raise BodyTooLarge()
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = codecs.decode(raw, encoding)
            data = json.loads(text, parse_constant=self._refuse_constant)
        except RecursionError:
            raise _too_deep() from None
        except ValueError as error:
            raise exceptions.ParseError(f"The body is not JSON: {error}") from None
        if _depth(data) > MAX_DEPTH:
            raise _too_deep()
        return data

    @staticmethod
    def _refuse_constant(name):
        raise ValueError(f"{name} is not a number JSON allows")


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, RequestDataTooBig):
        exc = BodyTooLarge()
    return drf_exception_handler(exc, context)


class StrictSerializer(serializers.Serializer):
    """A JSON body as a page's form would take it: an object, with no field the form lacks (a
    misspelt one would otherwise be silently lost), text where text is asked for (DRF would store
    1e999 as "inf"), and something to change in a partial update (ADR 43)."""

    def to_internal_value(self, data):
        if not isinstance(data, dict):
            raise exceptions.ValidationError({"non_field_errors": ["Send a JSON object"]})
        names = ", ".join(self.fields)
        errors = {name: [f"There is no field {name}: the fields are {names}"]
                  for name in sorted(set(data) - set(self.fields))}
        for name, field in self.fields.items():
            value = data.get(name)
            if isinstance(field, serializers.CharField) and value is not None and not isinstance(value, str):
                errors[name] = ["Send text"]
        if self.partial and not data:
            errors["non_field_errors"] = [f"Send at least one of the fields: {names}"]
        if errors:
            raise exceptions.ValidationError(errors)
        return super().to_internal_value(data)
