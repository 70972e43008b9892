"""Settings shared by the reliability suite."""
from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# One profile for every property test here; REVIEWER_HYPOTHESIS_EXAMPLES raises
# the count for a long local run (the default keeps the suite near a minute).
settings.register_profile(
    "reliability",
    max_examples=int(os.environ.get("REVIEWER_HYPOTHESIS_EXAMPLES", "100")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)
