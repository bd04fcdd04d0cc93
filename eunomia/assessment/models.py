from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

# How much each criterion counts in the priority matrix unless the partnership says otherwise.
DEFAULT_WEIGHTS = {"volume": 3, "trend": 2, "harm": 3, "concern": 2, "vulnerability": 2}
CRITERIA = list(DEFAULT_WEIGHTS)

# How far an issue falls on vulnerable people, 0 (not especially) to 3 (most), by police.uk crime
# type, with the reason shown beside it. A partnership changes these on its assessment settings page.
DEFAULT_VULNERABILITY = {
    "violence-and-sexual-offences": (3, "includes domestic abuse, sexual offences and violence with injury"),
    "robbery": (2, "victims, often young people, are threatened or hurt"),
    "anti-social-behaviour": (2, "persistent ASB falls hardest on vulnerable and repeat victims"),
    "burglary": (2, "a burglary of the home leaves victims, often older people, afraid in it"),
    "drugs": (2, "drug markets exploit children and vulnerable adults (county lines, cuckooing)"),
    "possession-of-weapons": (2, "knife carrying puts young people at risk"),
    "theft-from-the-person": (1, "victims are often older or alone"),
    "criminal-damage-and-arson": (1, "arson puts lives at risk"),
    "public-order": (1, "includes harassment and hate incidents"),
}


class AssessmentSettings(models.Model):
    """A partnership's choices for its priority matrix: the weight of each criterion and how many
    issues to recommend. Missing settings mean the defaults above."""

    partnership = models.OneToOneField("partners.Partnership", on_delete=models.CASCADE,
                                       related_name="assessment_settings")
    weight_volume = models.PositiveSmallIntegerField(default=DEFAULT_WEIGHTS["volume"], validators=[MaxValueValidator(5)])
    weight_trend = models.PositiveSmallIntegerField(default=DEFAULT_WEIGHTS["trend"], validators=[MaxValueValidator(5)])
    weight_harm = models.PositiveSmallIntegerField(default=DEFAULT_WEIGHTS["harm"], validators=[MaxValueValidator(5)])
    weight_concern = models.PositiveSmallIntegerField(default=DEFAULT_WEIGHTS["concern"],
                                                      validators=[MaxValueValidator(5)])
    weight_vulnerability = models.PositiveSmallIntegerField(default=DEFAULT_WEIGHTS["vulnerability"],
                                                            validators=[MaxValueValidator(5)])
    recommend = models.PositiveSmallIntegerField(default=5, validators=[MinValueValidator(1), MaxValueValidator(10)])
    # {crime type slug, or "partner-<id>" for a partner's measure (ADR 71): level 0-3}; one not named takes
    # DEFAULT_VULNERABILITY's level (or 0).
    vulnerability = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        verbose_name_plural = "assessment settings"

    @property
    def weights(self):
        return {criterion: getattr(self, f"weight_{criterion}") for criterion in CRITERIA}

    def vulnerability_of(self, slug):
        """(level, reason) for a crime type."""
        default_level, reason = DEFAULT_VULNERABILITY.get(slug, (0, ""))
        if slug in self.vulnerability:
            level = int(self.vulnerability[slug])
            return level, reason if level == default_level else "set by the partnership"
        return default_level, reason
