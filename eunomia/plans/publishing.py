"""Making a published version's files: the PDF, the large-print PDF and the DOCX (docs/adr/0054).

The version's text is frozen and public the moment it is published; its files follow from a
background job (`plans.jobs`). The three are rendered side by side in child processes where the
machine has the cores (WeasyPrint lays out in pure Python, so threads would take turns), each tried
up to BUILD_TRIES times, and each stored by one INSERT once whole: a reader finds a file complete or
not at all.
"""

import concurrent.futures
import gc
import logging
import multiprocessing
import os

from django.db import IntegrityError, transaction
from django.utils import timezone

from eunomia.audit import actions as audit
from eunomia.documents import render
from eunomia.plans.models import PublishedDocument

logger = logging.getLogger(__name__)

Kind = PublishedDocument.Kind
KINDS = [Kind.PDF, Kind.LARGE_PRINT_PDF, Kind.DOCX]
# The large-print PDF is the slowest: started first, it is not the one left running alone at the end.
BUILD_ORDER = [Kind.LARGE_PRINT_PDF, Kind.PDF, Kind.DOCX]
BUILD_TRIES = 3
# How often a build waiting on its child processes tells the queue it is alive.
HEARTBEAT_SECONDS = 15


def processes():
    """Child processes to render in: one per file, no more than the machine's cores. 1 renders in
    the worker's own process."""
    return max(1, min(len(KINDS), os.cpu_count() or 1))


class BuildFailed(Exception):
    def __init__(self, kind, tries, reason):
        super().__init__(f"The {Kind(kind).label} could not be made: it failed {tries} times in a row "
                         f"({reason}). The plan's page stays published without it.")
        self.kind = kind


def render_file(kind, document):
    """One file's bytes. Runs in a child process: plain data in, bytes out, no database."""
    if kind == Kind.PDF:
        return render.to_pdf(document)
    if kind == Kind.LARGE_PRINT_PDF:
        return render.to_pdf(document, large_print=True)
    if kind == Kind.DOCX:
        return render.to_docx(document)
    raise ValueError(f"No such document: {kind!r}")


def missing_kinds(version):
    made = set(PublishedDocument.objects.filter(version=version).values_list("kind", flat=True))
    return [kind for kind in BUILD_ORDER if kind not in made]


def store_file(*, version, kind, content):
    """Store one finished file. Another worker that stored it first wins; the file is the same."""
    try:
        with transaction.atomic():
            document = PublishedDocument.objects.create(version=version, kind=kind, content=content,
                                                        built_at=timezone.now())
            audit.record(by=None, action="plan.document_built", obj=document, partnership=version.plan.partnership,
                         data={"version": version.pk, "kind": str(kind), "bytes": len(content)})
    except IntegrityError:
        return False
    return True


def _reason(problem):
    text = " ".join(str(problem).split())[:200]
    return f"{type(problem).__name__}: {text}" if text else type(problem).__name__


def build_documents(version, progress=None):
    """Make and store every file the version lacks. Returns the labels of the files made; raises
    BuildFailed naming the first file that failed BUILD_TRIES times (the others are still stored)."""
    progress = progress or (lambda *args, **kwargs: None)
    todo = missing_kinds(version)
    total = len(KINDS)
    done = total - len(todo)
    made, failures = [], {}
    progress(done, total, "Making the PDF, large-print PDF and Word document")
    for attempt in range(1, BUILD_TRIES + 1):
        if not todo:
            break
        for kind, content, problem in _render_all(list(todo), version.document, progress, lambda: done):
            if problem is None:
                store_file(version=version, kind=kind, content=content)
                made.append(Kind(kind).label)
                done += 1
                todo.remove(kind)
                progress(done, total, f"{Kind(kind).label} ready")
            else:
                failures[kind] = _reason(problem)
                logger.warning("Version %s: the %s failed (try %s of %s): %s", version.pk, kind, attempt,
                               BUILD_TRIES, failures[kind], exc_info=problem)
        if todo and attempt < BUILD_TRIES:
            progress(done, total, f"Trying again: {', '.join(Kind(k).label for k in todo)}")
    if todo:
        raise BuildFailed(todo[0], BUILD_TRIES, failures[todo[0]])
    return made


def _render_all(kinds, document, progress, done):
    """Yield (kind, bytes, None) or (kind, None, exception) for each kind as it finishes."""
    workers = min(processes(), len(kinds))
    if workers <= 1:
        for kind in kinds:
            try:
                yield kind, render_file(kind, document), None
            except Exception as problem:
                yield kind, None, problem
        return
    # fork: the children start with Django set up and WeasyPrint imported, so they begin at once. They
    # never touch the database (the document is plain data), so the parent's connections are safe.
    context = multiprocessing.get_context("fork")
    with concurrent.futures.ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        # The children are forked at the first submit. Frozen objects are left alone by their cycle
        # collector, which would otherwise copy every page it inherited (ADR 16 saw the same).
        gc.freeze()
        try:
            futures = {pool.submit(render_file, kind, document): kind for kind in kinds}
        finally:
            gc.unfreeze()
        pending = set(futures)
        while pending:
            finished, pending = concurrent.futures.wait(pending, timeout=HEARTBEAT_SECONDS,
                                                        return_when=concurrent.futures.FIRST_COMPLETED)
            if not finished:
                progress(done())  # the heartbeat: still rendering
            for future in finished:
                try:
                    yield futures[future], future.result(), None
                except Exception as problem:  # the renderer's error, or a child that died
                    yield futures[future], None, problem
