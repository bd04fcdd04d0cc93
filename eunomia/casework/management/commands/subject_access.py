"""Everything held on a person, as a PDF or DOCX: `python manage.py subject_access PERSON_ID --out FILE.pdf`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from eunomia.audit import actions as audit
from eunomia.casework.models import Person
from eunomia.documents import render
from eunomia.records.sar import sar_document


class Command(BaseCommand):
    help = "Write a subject access export of everything Eunomia holds on a person (PDF or DOCX, by --out's suffix)."

    def add_arguments(self, parser):
        parser.add_argument("person", type=int, metavar="PERSON_ID")
        parser.add_argument("--out", required=True, help="The file to write: .pdf or .docx")
        parser.add_argument("--reason", required=True, help="Why (the request's reference): kept in the audit log")

    def handle(self, *args, person, out, reason, **options):
        found = Person.objects.filter(pk=person).first()
        if found is None:
            raise CommandError(f"No person has the id {person}")
        path = Path(out)
        if path.suffix.lower() not in (".pdf", ".docx"):
            raise CommandError("--out must end in .pdf or .docx")
        document = sar_document(found)
        data = render.to_pdf(document) if path.suffix.lower() == ".pdf" else render.to_docx(document)
        path.write_bytes(data)
        audit.record(by=None, action="records.subject_access_export", obj=found, partnership=found.partnership,
                     reason=reason, data={"format": path.suffix.lower()[1:]})
        self.stdout.write(f"Wrote {path} ({len(data):,} bytes)")
