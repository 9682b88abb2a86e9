from __future__ import annotations

from typing import Any

import pytest
from django.test import Client


@pytest.fixture
def client_for() -> Any:
    def make(user: Any) -> Client:
        c = Client()
        c.force_login(user)
        return c

    return make
