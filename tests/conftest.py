"""Shared test settings.

Hypothesis profiles: the default run is short (CI); ``EVENTWIRE_FUZZ=long``
runs the fuzz tests with many more examples.
"""

import os

from hypothesis import HealthCheck, settings

settings.register_profile("ci", max_examples=40, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
settings.register_profile("long", max_examples=2000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
settings.load_profile("long" if os.environ.get("EVENTWIRE_FUZZ") == "long" else "ci")
