"""The plans app's models: units, people and the plan (core), and onboarding (codes, sign-ins, help)."""

from .core import (  # noqa: F401
    Activity,
    Bilingual,
    Objective,
    Perspective,
    Plan,
    Target,
    Unit,
    UnitGroup,
    User,
    Workplan,
    number_sort_key,
)
from .onboarding import (  # noqa: F401
    CODE_ALPHABET,
    CODE_LENGTH,
    ActivationCode,
    ApiToken,
    BackgroundJob,
    CodeUse,
    FaqEntry,
    Inquiry,
    LetterBatch,
    SignIn,
)
