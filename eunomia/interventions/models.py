"""Interventions on an ASB case: the escalation ladder from a verbal warning to a court order, each
given to one alleged perpetrator on a date, with its result and any breach. And the letters sent
for them, from templates each partnership may edit. The rules for what may follow what are in
rules.py; these rows hold personal data, so reach them only through a case the reader may see."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class Kind(models.TextChoices):
    VERBAL_WARNING = "verbal_warning", "Verbal warning"
    LETTER_1 = "warning_letter_1", "Warning letter 1"
    LETTER_2 = "warning_letter_2", "Warning letter 2"
    LETTER_3 = "warning_letter_3", "Warning letter 3"
    ABA = "aba", "Acceptable Behaviour Agreement"
    CPW = "cpw", "Community Protection Warning"
    CPN = "cpn", "Community Protection Notice"
    INJUNCTION = "civil_injunction", "Civil injunction"
    CBO = "cbo", "Criminal Behaviour Order"
    CLOSURE_NOTICE = "closure_notice", "Closure notice"
    CLOSURE_ORDER = "closure_order", "Closure order"
    MEDIATION = "mediation", "Mediation"
    RESTORATIVE = "restorative_justice", "Restorative justice"


class Intervention(models.Model):
    case = models.ForeignKey("casework.Case", on_delete=models.CASCADE, related_name="interventions")
    person = models.ForeignKey("casework.Person", on_delete=models.PROTECT, related_name="interventions")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    issued_on = models.DateField()
    on_conviction = models.BooleanField(default=False)
    notes = models.TextField(blank=True)
    breached_on = models.DateField(null=True, blank=True)
    breach_notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["issued_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(breached_on__isnull=True) | Q(breached_on__gte=F("issued_on")),
                                   name="intervention_breach_after_issue"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}, {self.issued_on:%-d %B %Y}"

    @property
    def partnership(self):
        return self.case.partnership


class LetterTemplate(models.Model):
    """A partnership's own wording of a letter. Without a row, the default in letters.py is used."""

    partnership = models.ForeignKey("partners.Partnership", on_delete=models.CASCADE, related_name="letter_templates")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    title = models.CharField(max_length=200)
    body = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["kind"]
        constraints = [models.UniqueConstraint(fields=["partnership", "kind"], name="letter_template_unique")]

    def __str__(self):
        return self.title
