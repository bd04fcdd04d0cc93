"""ASB Task Group meetings: the multi-agency meeting that discusses cases under the information
sharing agreement, who attended, the minutes, and the actions given to organisations."""

from django.conf import settings
from django.db import models

from eunomia.partners.models import OwnedByOrganisation


class Meeting(OwnedByOrganisation):
    partnership = models.ForeignKey("partners.Partnership", on_delete=models.CASCADE, related_name="task_group_meetings")
    # The organisation that chairs and keeps the minutes: they belong to it.
    held_on = models.DateField()
    title = models.CharField(max_length=200, default="ASB Task Group")
    attendees = models.ManyToManyField("partners.Organisation", blank=True, related_name="task_group_meetings")
    cases = models.ManyToManyField("casework.Case", blank=True, related_name="task_group_meetings")
    minutes = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self):
        return f"{self.title}, {self.held_on:%-d %B %Y}"


class MeetingAction(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    organisation = models.ForeignKey("partners.Organisation", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey("casework.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    description = models.CharField(max_length=500)
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
