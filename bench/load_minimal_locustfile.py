"""The baseline for the load bench: the smallest FastHttpUser locustfile, no think time, one GET."""

from __future__ import annotations

from locust import constant, task
from locust.contrib.fasthttp import FastHttpUser


class MinimalUser(FastHttpUser):
    wait_time = constant(0)

    @task
    def index(self) -> None:
        self.client.get("/")
