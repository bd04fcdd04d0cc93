"""Roles and permissions as code.

A role grants permissions, each either across the whole partnership or only over records owned by
the member's own organisation. `has_permission` is the one question pages, the API and actions ask.
"""

import enum
from dataclasses import dataclass, field


class Permission(enum.StrEnum):
    PLAN_VIEW = "plan_view"
    PLAN_EDIT = "plan_edit"
    PLAN_APPROVE = "plan_approve"
    PLAN_PUBLISH = "plan_publish"
    TARGET_RECORD_ACTUAL = "target_record_actual"
    FIGURE_VIEW = "figure_view"
    FIGURE_EDIT = "figure_edit"
    FIGURE_RECORD_VALUE = "figure_record_value"
    DIRECTORY_VIEW = "directory_view"
    DIRECTORY_EDIT = "directory_edit"
    MEMBERS_VIEW = "members_view"
    # Inviting people, changing their roles, ending and restoring their memberships.
    MEMBERS_MANAGE = "members_manage"
    AUDIT_VIEW = "audit_view"
    # The strategic assessment: reading it (aggregate figures, no personal data) and loading the
    # data behind it (police.uk files, partner datasets, survey, harm weights).
    ASSESSMENT_VIEW = "assessment_view"
    DATA_IMPORT = "data_import"
    # Casework: reports, people and cases, which hold personal data. Holding the permission lets a
    # member work casework at all; which records they see is decided by their organisation's
    # ownership and sharing (eunomia.casework.queries), never by the permission alone.
    CASE_VIEW = "case_view"
    CASE_EDIT = "case_edit"
    # Domestic abuse: a separate, restricted domain (DASH, MARAC, IDVA support). Only roles holding
    # these see that a DA record exists at all; the CSP manager does not hold them by default
    # (need to know: the partnership reads DA through its figures).
    DA_VIEW = "da_view"
    DA_EDIT = "da_edit"
    # Reading the audit events of the DA domain (who opened or changed which DA record). Never in the
    # partnership's own audit log: only DA holders and a DA auditor see that they exist (ADR 42).
    DA_AUDIT_VIEW = "da_audit_view"
    # Tasking and co-ordination and the working groups' action plans: raising issues, tasking
    # partners, updating progress. Reading them needs only PLAN_VIEW.
    TASKING_EDIT = "tasking_edit"
    # The partnership's business (ADR 59): funds, allocations, projects and their evaluations. Reading
    # them needs only PLAN_VIEW: they hold no personal data.
    PROJECT_EDIT = "project_edit"
    # Filling a project's monitoring return (saving a draft, submitting it): the provider's own.
    RETURN_FILL = "return_fill"
    # Accepting a submitted return, or sending it back with reasons.
    RETURN_REVIEW = "return_review"
    # The operations log, events and campaigns: recording test purchases, visits, training and the rest.
    OPERATIONS_EDIT = "operations_edit"
    # The partnership's board and public meetings (agendas, papers, minutes, decisions, attendance) and
    # the record of sending the plan to the PCC (ADR 64). Reading them needs only PLAN_VIEW.
    GOVERNANCE_EDIT = "governance_edit"
    # Family Focus (ADR 68): working families needs CASE_VIEW and CASE_EDIT, and which families a member
    # sees is their organisation's and what is shared with it. Managing the programme (rule sets,
    # attaching a family that misses the rule, approving claims) is FAMILY_MANAGE; checking a claim's
    # sampled families against their frozen evidence is CLAIM_VERIFY.
    FAMILY_MANAGE = "family_manage"
    CLAIM_VERIFY = "claim_verify"


DA_PERMISSIONS = (Permission.DA_VIEW, Permission.DA_EDIT, Permission.DA_AUDIT_VIEW)


class Scope(enum.Enum):
    PARTNERSHIP = "partnership"
    OWN_ORGANISATION = "own_organisation"


@dataclass(frozen=True)
class Role:
    key: str
    label: str
    description: str
    grants: dict = field(default_factory=dict)

    @classmethod
    def all(cls):
        return list(ROLES.values())

    @classmethod
    def get(cls, key):
        return ROLES[key]

    @classmethod
    def choices(cls):
        return [(role.key, role.label) for role in ROLES.values()]


def _everywhere(*permissions):
    return {permission: Scope.PARTNERSHIP for permission in permissions}


_READER = (Permission.PLAN_VIEW, Permission.FIGURE_VIEW, Permission.DIRECTORY_VIEW, Permission.ASSESSMENT_VIEW)

ROLES = {
    role.key: role
    for role in [
        Role(
            "csp_manager",
            "CSP manager",
            "Runs the partnership's year: plan, targets, figures, directory and publication.",
            _everywhere(*(p for p in Permission if p not in DA_PERMISSIONS)),
        ),
        Role(
            "analyst",
            "Analyst",
            "Keeps the figures and the data behind them: imports data, defines figures, records and checks their values.",
            _everywhere(
                *_READER,
                Permission.FIGURE_EDIT,
                Permission.FIGURE_RECORD_VALUE,
                Permission.TARGET_RECORD_ACTUAL,
                Permission.DATA_IMPORT,
                Permission.TASKING_EDIT,
                Permission.OPERATIONS_EDIT,
            ),
        ),
        Role(
            "csu_officer",
            "Community Safety Unit officer",
            "Works cases in the Community Safety Unit; reads the plan and figures.",
            _everywhere(*_READER, Permission.CASE_VIEW, Permission.CASE_EDIT, Permission.TASKING_EDIT,
                        Permission.OPERATIONS_EDIT),
        ),
        Role(
            "partner_practitioner",
            "Partner practitioner",
            "Works for a partner organisation; records the figures and actuals its organisation owns.",
            {
                **_everywhere(*_READER, Permission.CASE_VIEW, Permission.CASE_EDIT),
                Permission.TARGET_RECORD_ACTUAL: Scope.OWN_ORGANISATION,
                Permission.TASKING_EDIT: Scope.OWN_ORGANISATION,
                Permission.FIGURE_RECORD_VALUE: Scope.OWN_ORGANISATION,
                Permission.RETURN_FILL: Scope.OWN_ORGANISATION,
                Permission.OPERATIONS_EDIT: Scope.OWN_ORGANISATION,
            },
        ),
        Role(
            "da_specialist",
            "Domestic abuse specialist",
            "IDVA, domestic abuse coordinator or MARAC chair; reads the plan and figures.",
            _everywhere(*_READER, Permission.CASE_VIEW, Permission.CASE_EDIT, *DA_PERMISSIONS, Permission.TASKING_EDIT),
        ),
        Role(
            "da_auditor",
            "Domestic abuse auditor",
            "Reads who did what with domestic abuse records (the data protection officer, say); sees none of the "
            "records themselves.",
            _everywhere(*_READER, Permission.DA_AUDIT_VIEW),
        ),
        Role(
            "programme_auditor",
            "Programme auditor",
            "Checks a Family Focus claim: reads the frozen evidence of the families drawn for a spot check and "
            "records whether each claimed outcome passes.",
            _everywhere(*_READER, Permission.CLAIM_VERIFY),
        ),
        Role(
            "board_member",
            "Board member",
            "Sits on the partnership board: reads everything and approves the plan.",
            _everywhere(*_READER, Permission.PLAN_APPROVE),
        ),
    ]
}


# Permissions that read personal data: casework and DA records, and the audit trail and member lists
# (which name people). Roles holding any of them must give a second factor unless configured otherwise
# (settings.SECOND_FACTOR_ROLES, ADR 46).
PERSONAL_DATA_PERMISSIONS = (Permission.CASE_VIEW, Permission.DA_VIEW, Permission.DA_AUDIT_VIEW,
                             Permission.AUDIT_VIEW, Permission.MEMBERS_VIEW, Permission.MEMBERS_MANAGE,
                             Permission.CLAIM_VERIFY)
PERSONAL_DATA_ROLES = tuple(key for key, role in ROLES.items()
                            if any(permission in role.grants for permission in PERSONAL_DATA_PERMISSIONS))

# Roles that open domestic abuse records or their audit trail: given only by a CSP manager.
DA_ROLES = ("da_specialist", "da_auditor")
# The roles a partnership may let its organisation leads give (ADR 48): never CSP manager nor a
# domestic abuse role, whatever a partnership's setting says.
LEAD_GRANTABLE_ROLES = tuple(key for key in ROLES if key != "csp_manager" and key not in DA_ROLES)
DEFAULT_LEAD_ROLES = ("partner_practitioner", "csu_officer")
