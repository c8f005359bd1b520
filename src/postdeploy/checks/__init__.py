"""Checks: pure functions from target data (responses, certificates, policies) to findings."""
