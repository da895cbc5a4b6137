from measures.models.organizations import Division, Membership, Organization, Role
from measures.models.plans import Measure, Plan, Theme, ThemeItem
from measures.models.progress import Evidence, ProgressReport, ProgressRound, RoundEvent
from measures.models.reminders import ReminderLog

__all__ = [
    "Division", "Evidence", "Measure", "Membership", "Organization", "Plan", "ProgressReport",
    "ProgressRound", "ReminderLog", "Role", "RoundEvent", "Theme", "ThemeItem",
]
