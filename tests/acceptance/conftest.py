"""The quarters tests' named targets (1.1 PR activities, 1.2 DMSx share) serve the acceptance tests too."""

from tests.quarters.conftest import dmsx_target, pr_target  # noqa: F401
