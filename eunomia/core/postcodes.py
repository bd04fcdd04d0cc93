"""UK postcodes: the one place Eunomia reads a postcode someone gives it.

A postcode is checked for its shape only (the outward code, a space, the inward code, with the
letters Royal Mail uses in each position), not looked up: Eunomia has no copy of the postcode file,
and the demo's invented places have postcodes of the right shape that do not exist. It is kept in
capitals with one space before the inward code, so "hw12ab" and "HW1 2AB" are the same place."""

import re

# The outward code: A9, A99, AA9, AA99, A9A or AA9A; the inward code: a digit and two letters.
# Q, V and X never begin a postcode; I, J and Z are never its second letter; the letter closing an
# A9A or AA9A outward code and the inward code's letters come from shorter lists (Royal Mail's
# "Postcode Address File" rules, as the government's own validation pattern has them).
POSTCODE = re.compile(
    r"^(?:GIR 0AA|"
    r"(?:[A-PR-UWYZ][0-9]{1,2}|[A-PR-UWYZ][A-HK-Y][0-9]{1,2}|[A-PR-UWYZ][0-9][A-HJKPSTUW]|"
    r"[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY]) [0-9][ABD-HJLNP-UW-Z]{2})$"
)
EXAMPLE = "HW1 2AB"


class PostcodeError(ValueError):
    """Not a UK postcode; the message says so in words."""


def normalise_postcode(text):
    """Capitals, with one space before the last three characters: ' hw12ab ' -> 'HW1 2AB'."""
    squeezed = "".join((text or "").split()).upper()
    return f"{squeezed[:-3]} {squeezed[-3:]}" if len(squeezed) > 3 else squeezed


def is_postcode(text):
    return bool(POSTCODE.match(normalise_postcode(text)))


def check_postcode(text, *, what="The postcode"):
    """The postcode written the one way Eunomia keeps it, or PostcodeError saying what is wrong."""
    postcode = normalise_postcode(text)
    if not postcode:
        raise PostcodeError(f"Enter {what[0].lower() + what[1:]}")
    if not POSTCODE.match(postcode):
        raise PostcodeError(f"{what} must be a UK postcode, like {EXAMPLE}")
    return postcode
