"""What the registers tell a dashboard: one import for the monitoring views built elsewhere.

Each function takes a Session (and a day where it matters) and returns plain dataclasses.
"""

from __future__ import annotations

from itpm_tui.services.changes import ApprovedChange, approved_changes
from itpm_tui.services.compliance import ComplianceGap, FrameworkSummary, open_compliance_gaps
from itpm_tui.services.issue_log import OpenIssue, open_issues
from itpm_tui.services.risks import RiskPastReview, risks_past_review

__all__ = [
    "ApprovedChange",
    "ComplianceGap",
    "FrameworkSummary",
    "OpenIssue",
    "RiskPastReview",
    "approved_changes",
    "open_compliance_gaps",
    "open_issues",
    "risks_past_review",
]
