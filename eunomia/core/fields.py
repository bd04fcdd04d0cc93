from decimal import Decimal, InvalidOperation

from django import forms


class NumberField(forms.CharField):
    """A number typed by a person: accepts '1,234', ' 38 ', '82%' and '£1,200.50'; says plainly
    what is wrong otherwise. Empty gives None."""

    def __init__(self, *, invalid_message="Enter a number, like 38 or 82.5", **kwargs):
        self.invalid_message = invalid_message
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        text = super().to_python(value).strip().replace(",", "").replace("£", "").rstrip("%").strip()
        if not text:
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise forms.ValidationError(self.invalid_message) from None
        if not number.is_finite():
            raise forms.ValidationError(self.invalid_message)
        if abs(number) >= Decimal("1e14"):
            raise forms.ValidationError("That number is too large")
        if number.as_tuple().exponent < -4:
            raise forms.ValidationError("Use no more than 4 decimal places")
        return number
