"""Writes for the assessment's evidence: partner datasets, residents' surveys and harm weights.
Each import reads the whole file first and refuses it, with every problem and its line number, or
stores it whole in one transaction with its audit event (ADR 0017)."""

import decimal
import hashlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from eunomia.audit import actions as audit
from eunomia.core.dates import parse_month
from eunomia.crime.models import CrimeType
from eunomia.evidence.csvfiles import Problems, parse_whole_number, read_rows, this_month
from eunomia.evidence.models import (HarmWeight, HarmWeightSet, PartnerCount, PartnerDataset, PartnerDatasetUpload,
                                     PartnerMeasure, Survey, SurveyConcern)
from eunomia.figures.models import Counts
from eunomia.geography.models import area_code_validator
from eunomia.geography.queries import lsoa_codes_of, wards_of
from eunomia.partners.queries import organisations_in

PARTNER_COLUMNS = ("period", "area_code", "category", "count")
SURVEY_COLUMNS = ("respondent", "concern_1")
SURVEY_OPTIONAL = ("area_code", "concern_2", "concern_3")
HARM_COLUMNS = ("crime_type", "cchi_days")

# What the harm-weights command says about the file it was written for, from PROVENANCE.md section 5
# of the shared data. Another file can say otherwise through the command's options.
CCHI_NAME = "Cambridge Crime Harm Index, by police.uk crime type (indicative)"
CCHI_SOURCE = ("Median Cambridge Crime Harm Index (CCHI) days per Home Office offence subgroup, from the University of "
               "Cambridge 'Cambridge Crime Harm Index 2026 update' workbook, averaged to the police.uk crime types "
               "weighted by national recorded-crime volumes for 2024/25 (Home Office Police Recorded Crime, OGL v3.0). "
               "Derived by the repository isthisben/cbl-realcrime at commit 5591939d942691fec9e9da6349fa7afbde726b7f, "
               "file data/cchi_weights_by_category.csv. Indicative weights at subgroup level, not the official "
               "offence-code table. Anti-social behaviour is not weighted.")
CCHI_LICENCE = ("No licence file found in the source repository (isthisben/cbl-realcrime). The national counts used "
                "for the averaging are Home Office data under the Open Government Licence v3.0.")
CCHI_URL = "https://github.com/isthisben/cbl-realcrime"


def _refuse(field, messages):
    raise ValidationError({field: [ValidationError(m) for m in ([messages] if isinstance(messages, str) else messages)]})


def _require_text(field, value, what):
    value = (value or "").strip()
    if not value:
        _refuse(field, f"Enter {what}")
    return value


def partnership_area_codes(partnership):
    """Every area code a partner's count may name: the districts, their wards and their LSOAs."""
    return (set(partnership.local_authority_codes) | lsoa_codes_of(partnership)
            | set(wards_of(partnership).values_list("code", flat=True)))


def _check_area(code, line, partnership, known, problems):
    """Adds a problem unless `code` is one of the partnership's areas; returns the code, upper-cased."""
    code = code.upper()
    try:
        area_code_validator(code)
    except ValidationError:
        problems.add(f"'{code}' on line {line} is not an ONS area code (a letter E or W then 8 digits, like E01024717).")
        return code
    if code not in known:
        problems.add(f"{code} on line {line} is not an area of {partnership.name}: give the code of its district "
                     f"({', '.join(partnership.local_authority_codes)}), one of its wards or one of its LSOAs.")
    return code


def _replace_existing(queryset):
    old = queryset.first()
    if old is not None:
        old.delete()
    return old is not None


# Partner datasets ---------------------------------------------------------------------------------------

@dataclass
class PartnerImport:
    dataset: PartnerDataset
    rows: int
    first_month: object
    last_month: object
    categories: list
    replaced: bool
    upload: PartnerDatasetUpload = None
    # Titles of the dataset's registered measures whose category this file no longer has.
    measures_without_rows: tuple = ()


def read_partner_counts(*, partnership, data):
    """The counts in a partner's file as PartnerCount objects not yet saved, or ValidationError
    on "file" listing every problem (up to 20) with its line."""
    rows, fatal = read_rows(data, required=PARTNER_COLUMNS)
    if fatal:
        _refuse("file", fatal)
    problems, known, latest = Problems(), partnership_area_codes(partnership), this_month()
    seen, counts = {}, []
    for line, row in rows:
        month = parse_month(row["period"])
        if month is None:
            problems.add(f"The period on line {line} is '{row['period']}': write the month as YYYY-MM, like 2025-03.")
        elif month > latest:
            problems.add(f"The period {row['period']} on line {line} is in the future.")
        if not row["area_code"]:
            problems.add(f"Line {line} has no area code.")
        else:
            row["area_code"] = _check_area(row["area_code"], line, partnership, known, problems)
        if not row["category"]:
            problems.add(f"Line {line} has no category.")
        elif len(row["category"]) > 200:
            problems.add(f"The category on line {line} is longer than 200 characters.")
        count = parse_whole_number(row["count"])
        if count is None:
            problems.add(f"The count on line {line} is '{row['count']}', which is not a whole number."
                         if row["count"] else f"Line {line} has no count.")
        elif count < 0:
            problems.add(f"The count on line {line} is {count}: a count cannot be negative.")
        key = (row["period"], row["area_code"], row["category"])
        if key in seen:
            problems.add(f"Line {line} repeats line {seen[key]}: both give {row['period']}, {row['area_code']}, "
                         f"'{row['category']}'. Give each month, area and category once.")
        else:
            seen[key] = line
        counts.append(PartnerCount(month=month, area_code=row["area_code"], category=row["category"], count=count))
    if problems:
        _refuse("file", problems.all())
    return counts


def _replace_counts(dataset, counts, now):
    """Make the dataset's counts exactly `counts`. A row the file repeats exactly is left as it was,
    with its id and import date, so a recount names only what changed; any other row goes, and the
    new ones come in dated `now`."""
    kept = {}
    for pk, month, area_code, category, count in dataset.counts.values_list("pk", "month", "area_code", "category",
                                                                           "count"):
        kept[(month, area_code, category, count)] = pk
    new = []
    for count in counts:
        if kept.pop((count.month, count.area_code, count.category, count.count), None) is None:
            count.dataset, count.imported_at = dataset, now
            new.append(count)
    PartnerCount.objects.filter(pk__in=list(kept.values())).delete()
    PartnerCount.objects.bulk_create(new, batch_size=2000)


def import_partner_dataset(*, by, partnership, organisation, name, data, file_name, source="", notes=""):
    """Store a partner's monthly counts (CSV: period,area_code,category,count), replacing the counts
    of an earlier dataset of the same name from the same organisation; the dataset keeps its upload
    history and its registered measures. A refused file changes nothing."""
    name = _require_text("name", name, "a name for the dataset, like 'Deliberate fires'")
    if not organisations_in(partnership).filter(pk=organisation.pk).exists():
        _refuse("organisation", f"{organisation} is not a member of {partnership.name}")
    counts = read_partner_counts(partnership=partnership, data=data)
    sha256 = hashlib.sha256(data if isinstance(data, bytes) else data.encode("utf-8")).hexdigest()
    months = sorted({c.month for c in counts})
    categories = sorted({c.category for c in counts})
    with transaction.atomic():
        now = timezone.now()
        dataset = PartnerDataset.objects.select_for_update().filter(
            partnership=partnership, organisation=organisation, name=name).first()
        replaced = dataset is not None
        if dataset is None:
            dataset = PartnerDataset(partnership=partnership, organisation=organisation, name=name)
        dataset.source, dataset.notes, dataset.file_name = source.strip(), notes.strip(), file_name
        dataset.rows, dataset.imported_at, dataset.imported_by = len(counts), now, by
        dataset.save()
        _replace_counts(dataset, counts, now)
        upload = PartnerDatasetUpload.objects.create(
            dataset=dataset, file_name=file_name, rows=len(counts), first_month=months[0], last_month=months[-1],
            sha256=sha256, imported_at=now, imported_by=by)
        orphaned = list(dataset.measures.exclude(category__in=categories).values_list("title", flat=True))
        result = PartnerImport(dataset=dataset, rows=len(counts), first_month=months[0], last_month=months[-1],
                               categories=categories, replaced=replaced, upload=upload,
                               measures_without_rows=tuple(orphaned))
        audit.record(by=by, action="evidence.partner_dataset_imported", obj=dataset, data={
            "organisation": organisation.name, "name": name, "file": file_name, "rows": len(counts),
            "months": f"{months[0]:%Y-%m} to {months[-1]:%Y-%m}", "categories": result.categories, "replaced": replaced,
            "sha256": sha256, "upload": upload.pk})
    return result


def register_partner_measure(*, by, dataset, category, title, definition, counts, harm_weight=None):
    """Register a category of a partner dataset as a figure source: its figures are the sum of the
    category's monthly counts over their period (ADR 71). `counts` says whether it counts people or
    events (ADR 65); `harm_weight` (days per count, or None) weighs it in the priority matrix."""
    category = (category or "").strip()
    title = _require_text("title", title, "a title, like 'Deliberate fires'")
    definition = _require_text("definition", definition, "what exactly is counted, in plain words")
    if not category:
        _refuse("category", "Choose the category of the dataset to count")
    held = list(dataset.counts.values_list("category", flat=True).distinct().order_by("category"))
    if category not in held:
        _refuse("category", f"{dataset.name} has no category called “{category}”. Its categories are: "
                            + ", ".join(held) + ".")
    if counts not in Counts.values:
        _refuse("counts", "Say whether it counts people or events")
    if harm_weight is not None and harm_weight < 0:
        _refuse("harm_weight", "The weight cannot be negative")
    with transaction.atomic():
        PartnerDataset.objects.select_for_update().filter(pk=dataset.pk).first()
        if PartnerMeasure.objects.filter(dataset=dataset, category=category).exists():
            _refuse("category", f"“{category}” of {dataset.name} is already registered as a measure")
        registered = PartnerMeasure.objects.create(
            partnership=dataset.partnership, dataset=dataset, category=category, title=title, definition=definition,
            counts=counts, harm_weight=harm_weight, created_at=timezone.now(), created_by=by)
        audit.record(by=by, action="evidence.partner_measure_registered", obj=registered, data={
            "dataset": str(dataset), "category": category, "title": title, "definition": definition,
            "counts": counts, "harm_weight": None if harm_weight is None else str(harm_weight)})
    return registered


# Residents' survey --------------------------------------------------------------------------------------

@dataclass
class SurveyImport:
    survey: Survey
    respondents: int
    concerns: int
    replaced: bool


def issue_lookup():
    """Crime types a respondent may name, by lower-cased name: the current police.uk categories."""
    return {t.name.casefold(): t for t in CrimeType.objects.filter(is_legacy=False)}


def read_survey(*, partnership, data):
    """(respondents, SurveyConcern objects not yet saved) from a survey file, or ValidationError
    on "file" with every problem and its line."""
    rows, fatal = read_rows(data, required=SURVEY_COLUMNS, optional=SURVEY_OPTIONAL)
    if fatal:
        _refuse("file", fatal)
    issues, known, problems = issue_lookup(), partnership_area_codes(partnership), Problems()
    respondents, concerns, unknown_issue = {}, [], False
    for line, row in rows:
        ref = row["respondent"]
        if not ref:
            problems.add(f"Line {line} has no respondent reference.")
        elif len(ref) > 100:
            problems.add(f"The respondent reference on line {line} is longer than 100 characters.")
        elif ref in respondents:
            problems.add(f"Respondent {ref} on line {line} is already on line {respondents[ref]}.")
        else:
            respondents[ref] = line
        area = _check_area(row["area_code"], line, partnership, known, problems) if row["area_code"] else ""
        named, blank_before = {}, None
        for rank in (1, 2, 3):
            value = " ".join(row[f"concern_{rank}"].split())
            if not value:
                blank_before = blank_before or rank
                continue
            if blank_before:
                problems.add(f"Line {line} gives concern_{rank} but leaves concern_{blank_before} blank: "
                             "fill the concerns in order.")
            issue = issues.get(value.casefold())
            if issue is None:
                unknown_issue = True
                problems.add(f"'{value}' (concern_{rank}) on line {line} is not one of the issues.")
            elif issue.pk in named:
                problems.add(f"Line {line} names {issue.name} twice (concern_{named[issue.pk]} and concern_{rank}).")
            else:
                named[issue.pk] = rank
                concerns.append(SurveyConcern(respondent=ref, area_code=area, rank=rank, crime_type=issue))
    if problems:
        accepted = ", ".join(t.name for t in sorted(issues.values(), key=lambda t: t.position))
        _refuse("file", problems.all(*([f"The issues are: {accepted}."] if unknown_issue else [])))
    return len(respondents), concerns


def import_survey(*, by, partnership, name, data, file_name, fieldwork_start=None, fieldwork_end=None):
    """Store a residents' survey (CSV: respondent,area_code,concern_1,concern_2,concern_3), replacing
    an earlier one of the same name. Fieldwork months are dates of the first of the month."""
    name = _require_text("name", name, "a name for the survey, like 'Residents' survey 2025'")
    if fieldwork_start and fieldwork_end and fieldwork_end < fieldwork_start:
        _refuse("fieldwork_end", "The fieldwork cannot end before it starts")
    for field, month in (("fieldwork_start", fieldwork_start), ("fieldwork_end", fieldwork_end)):
        if month and month > this_month():
            _refuse(field, "The fieldwork month cannot be in the future")
    respondents, concerns = read_survey(partnership=partnership, data=data)
    with transaction.atomic():
        replaced = _replace_existing(Survey.objects.select_for_update().filter(partnership=partnership, name=name))
        survey = Survey.objects.create(
            partnership=partnership, name=name, fieldwork_start=fieldwork_start, fieldwork_end=fieldwork_end,
            respondents=respondents, file_name=file_name, imported_at=timezone.now(), imported_by=by)
        for concern in concerns:
            concern.survey = survey
        SurveyConcern.objects.bulk_create(concerns, batch_size=2000)
        audit.record(by=by, action="evidence.survey_imported", obj=survey, data={
            "name": name, "file": file_name, "respondents": respondents, "concerns": len(concerns),
            "fieldwork": [str(fieldwork_start or ""), str(fieldwork_end or "")], "replaced": replaced})
    return SurveyImport(survey=survey, respondents=respondents, concerns=len(concerns), replaced=replaced)


# Harm weights -------------------------------------------------------------------------------------------

@dataclass
class HarmImport:
    weight_set: HarmWeightSet
    weighted: list
    not_weighted: list
    replaced_set: object


def _parse_weight(text):
    try:
        value = decimal.Decimal(text.translate(str.maketrans("", "", ", ")))
    except decimal.InvalidOperation:
        return None
    return value if value.is_finite() else None


def read_harm_weights(*, data):
    """{CrimeType: Decimal weight} from a file laid out as cchi_weights_by_category.csv
    (crime_type,cchi_days), or ValidationError on "file" naming each line that cannot be used."""
    rows, fatal = read_rows(data, required=HARM_COLUMNS)
    if fatal:
        _refuse("file", fatal)
    types = {t.name.casefold(): t for t in CrimeType.objects.all()}
    problems, weights, seen = Problems(), {}, {}
    for line, row in rows:
        crime_type = types.get(" ".join(row["crime_type"].split()).casefold())
        if crime_type is None:
            problems.add(f"'{row['crime_type']}' on line {line} is not a police.uk crime type Eunomia knows."
                         if row["crime_type"] else f"Line {line} has no crime type.")
        elif crime_type.pk in seen:
            problems.add(f"Line {line} gives {crime_type.name} again (first on line {seen[crime_type.pk]}).")
        else:
            seen[crime_type.pk] = line
        weight = _parse_weight(row["cchi_days"])
        if weight is None:
            problems.add(f"The weight on line {line} is '{row['cchi_days']}', which is not a number. Leave out a "
                         "crime type that is not weighted." if row["cchi_days"] else
                         f"Line {line} has no weight. Leave out a crime type that is not weighted.")
        elif weight < 0:
            problems.add(f"The weight on line {line} is {weight}: a weight cannot be negative.")
        elif weight >= 10 ** 8:
            problems.add(f"The weight on line {line} is {weight} days, more than Eunomia can hold.")
        elif crime_type is not None:
            weights[crime_type] = weight.quantize(decimal.Decimal("0.0001"))
    if problems:
        _refuse("file", problems.all(
            f"The crime types are: {', '.join(t.name for t in sorted(types.values(), key=lambda t: t.position))}."))
    return weights


def import_harm_weights(*, by, partnership, data, file_name, name=CCHI_NAME, source=CCHI_SOURCE,
                        licence=CCHI_LICENCE, url=CCHI_URL, notes=""):
    """Store a set of harm weights and make it the partnership's active set (the one before stays,
    inactive, for the record). Crime types the file leaves out are not weighted."""
    name = _require_text("name", name, "a name for the set of weights")
    source = _require_text("source", source, "where the weights come from")
    weights = read_harm_weights(data=data)
    with transaction.atomic():
        previous = HarmWeightSet.objects.select_for_update().filter(partnership=partnership, is_active=True).first()
        if previous is not None:
            previous.is_active = False
            previous.save(update_fields=["is_active"])
        weight_set = HarmWeightSet.objects.create(
            partnership=partnership, name=name, source=source, licence=licence, url=url, notes=notes,
            file_name=file_name, is_active=True, imported_at=timezone.now(), imported_by=by)
        HarmWeight.objects.bulk_create(HarmWeight(weight_set=weight_set, crime_type=t, weight=w)
                                       for t, w in weights.items())
        not_weighted = [t.name for t in CrimeType.objects.filter(is_legacy=False) if t not in weights]
        audit.record(by=by, action="evidence.harm_weights_imported", obj=weight_set, data={
            "name": name, "file": file_name, "weights": {t.name: str(w) for t, w in weights.items()},
            "not_weighted": not_weighted, "replaced_set": previous.pk if previous else None})
    return HarmImport(weight_set=weight_set, weighted=sorted(t.name for t in weights), not_weighted=not_weighted,
                      replaced_set=previous)


def update_harm_weight(*, by, weight_set, crime_type, weight, reason, note=""):
    """Change one crime type's weight in a set; `weight` None makes it not weighted. The reason is
    kept in the audit log with the old and new values."""
    reason = _require_text("reason", reason, "the reason for the change")
    if weight is not None and weight < 0:
        _refuse("weight", "The weight cannot be negative")
    with transaction.atomic():
        existing = HarmWeight.objects.select_for_update().filter(weight_set=weight_set, crime_type=crime_type).first()
        before = {"weight": str(existing.weight) if existing else None, "note": existing.note if existing else ""}
        if weight is None:
            if existing is not None:
                existing.delete()
        elif existing is None:
            HarmWeight.objects.create(weight_set=weight_set, crime_type=crime_type, weight=weight, note=note)
        else:
            existing.weight, existing.note = weight, note
            existing.save(update_fields=["weight", "note"])
        weight_set.edited_at, weight_set.edited_by = timezone.now(), by
        weight_set.save(update_fields=["edited_at", "edited_by"])
        audit.record(by=by, action="evidence.harm_weight_changed", obj=weight_set, reason=reason, data={
            "crime_type": crime_type.name, "before": before,
            "after": {"weight": str(weight) if weight is not None else None, "note": note}})
    return weight_set
