"""Existing DRF authtoken keys (stored in clear) become hashed ApiTokens, then are erased.

Clients keep working with the same key until it expires (API_TOKEN_DAYS from today); the
plaintext table, left by the removed `rest_framework.authtoken` app, is emptied.
"""

import datetime
import hashlib
from typing import Any

from django.conf import settings
from django.db import migrations
from django.utils import timezone


def forward(apps: Any, schema_editor: Any) -> None:
    connection = schema_editor.connection
    if "authtoken_token" not in connection.introspection.table_names():
        return  # a fresh install never had them
    api_token = apps.get_model("accounts", "ApiToken")
    expires = timezone.now() + datetime.timedelta(days=int(getattr(settings, "API_TOKEN_DAYS", 90)))
    with connection.cursor() as cursor:
        cursor.execute("SELECT key, user_id FROM authtoken_token")
        rows = cursor.fetchall()
        for key, user_id in rows:
            api_token.objects.create(
                user_id=user_id,
                name="Mã cũ (chuyển đổi)",
                prefix=key[:11],
                key_hash=hashlib.sha256(key.encode("utf-8")).hexdigest(),
                expires_at=expires,
            )
        cursor.execute("DELETE FROM authtoken_token")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_api_tokens_and_login_throttle")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
