"""How numbers are written in Eunomia's pages and documents, by the unit they are in."""

from decimal import ROUND_HALF_UP, Decimal

from django.db import models


class Unit(models.TextChoices):
    """What a number counts or measures; a figure, a target and a measure each have one."""

    COUNT = "count", "Count"
    PERCENTAGE = "percentage", "Percentage"
    NUMBER = "number", "Number"
    MONEY = "money", "Money (£)"
    YES_NO = "yes_no", "Yes or no"
    TEXT = "text", "Text"


def plain_number(value, places=None):
    """1234.5000 -> '1,234.5'; 12.0 -> '12'. `places` rounds first."""
    value = Decimal(value)
    if places is not None:
        value = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{value:,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def format_value(unit, value, text_value=""):
    """A value as a reader sees it, or '' when there is none."""
    if unit == Unit.TEXT:
        return text_value.strip()
    if value is None:
        return ""
    if unit == Unit.YES_NO:
        return "Yes" if value == 1 else "No"
    if unit == Unit.PERCENTAGE:
        return f"{plain_number(value, 1)}%"
    if unit == Unit.MONEY:  # always to the penny: £1,250.50, not £1,250.5
        return f"£{Decimal(value).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):,}"
    if unit == Unit.COUNT:
        return plain_number(value, 0)
    return plain_number(value, 2)
