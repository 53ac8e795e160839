"""The plans app's models: units, people and the plan (core), the one history of changes
(history), and the abstract background job (jobs)."""

from .chains import ApprovalChain  # noqa: F401
from .core import (  # noqa: F401
    Activity,
    Baseline,
    Bilingual,
    Objective,
    Perspective,
    Plan,
    PlanRevision,
    Target,
    TargetValue,
    Unit,
    UnitGroup,
    User,
    Workplan,
    number_sort_key,
)
from .history import HistoryEntry  # noqa: F401
from .jobs import BackgroundJob  # noqa: F401
from .notifications import Notification, NotificationPreference  # noqa: F401
