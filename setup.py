"""Package layout: the library from src/, and this repository's tests/ (the product's checks) shipped
as the package `postdeploy.suite`, so a team's pytest collects the very same files (not a copy)."""

from setuptools import find_packages, setup

SUITE = "postdeploy.suite"

setup(
    packages=[*find_packages("src"), SUITE, *(f"{SUITE}.{name}" for name in find_packages("tests"))],
    package_dir={"": "src", SUITE: "tests"},
)
