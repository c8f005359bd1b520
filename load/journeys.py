"""The virtual users: the target profile's [[load.journeys]], one Locust user class each.

Locust finds the stand-in class below; when the run starts (`--target` is known), it is replaced by
one class per journey, weighted as the profile says (postdeploy.load.users).
"""

from __future__ import annotations

from postdeploy.load.users import ProfileJourneys

__all__ = ["ProfileJourneys"]
