"""`postdeploy init`: the files a team's repository needs to run postdeploy, from shipped templates."""

from __future__ import annotations

from postdeploy.scaffold.templates import REPOSITORY_ANSWERS, Answers, PlannedFile, planned_files, render

__all__ = ["REPOSITORY_ANSWERS", "Answers", "PlannedFile", "planned_files", "render"]
