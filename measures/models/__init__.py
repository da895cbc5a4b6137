from measures.models.plans import Measure, Plan, Theme, ThemeItem
from measures.models.progress import Evidence, ProgressReport, ProgressRound, RoundEvent
from measures.models.reminders import ReminderLog

__all__ = [
    "Evidence", "Measure", "Plan", "ProgressReport", "ProgressRound", "ReminderLog", "RoundEvent", "Theme",
    "ThemeItem",
]
