from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from eunomia.accounts.roles import Permission
from eunomia.jobs.models import Job
from eunomia.jobs.queries import jobs_visible_to
from eunomia.partners.access import partnership_for


class JobSerializer(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True)
    unit = serializers.CharField(read_only=True)
    percent = serializers.IntegerField(read_only=True, allow_null=True,
                                       help_text="Whole per cent done; null while the total is unknown")
    created_by = serializers.StringRelatedField()
    result = serializers.JSONField(read_only=True, allow_null=True,
                                   help_text="What the job produced, keyed by labels in plain words")

    class Meta:
        model = Job
        fields = ["id", "kind", "title", "status", "progress_done", "progress_total", "unit", "percent", "message",
                  "result", "error", "created_by", "created_at", "started_at", "finished_at"]


class JobDetail(APIView):
    @extend_schema(responses=JobSerializer)
    def get(self, request, slug, pk):
        """A background job's status and progress: poll it until `status` is no longer queued or running."""
        partnership = partnership_for(request, slug, Permission.PLAN_VIEW)
        job = get_object_or_404(jobs_visible_to(request.user, partnership), pk=pk)
        return Response(JobSerializer(job).data)
