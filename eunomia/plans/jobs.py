"""Background jobs of the plans app: making a published version's PDF, large-print PDF and DOCX."""

from eunomia.jobs.registry import JobFailed, handler
from eunomia.plans import publishing
from eunomia.plans.models import PublishedVersion

BUILD_DOCUMENTS = "plans.build_documents"


# Safe to run again after a worker dies: it makes only the files the version still lacks.
@handler(BUILD_DOCUMENTS, title="Make the published plan's documents", unit="documents", max_attempts=3)
def build_documents(job, progress):
    version = (PublishedVersion.objects.select_related("plan__partnership")
               .filter(pk=job.params.get("version")).first())
    if version is None:
        raise JobFailed("The published version these documents were for no longer exists, so nothing was made.")
    try:
        made = publishing.build_documents(version, progress)
    except publishing.BuildFailed as failure:
        raise JobFailed(str(failure), result={"Version": version.number,
                                              "Documents ready": _ready(version)}) from failure
    return {"Plan": version.plan.title, "Version": version.number, "Documents made": made,
            "Documents ready": _ready(version)}


def _ready(version):
    missing = set(publishing.missing_kinds(version))
    return [kind.label for kind in publishing.KINDS if kind not in missing]
