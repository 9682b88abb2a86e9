"""Production settings plus one minimal view (bench/server_urls.py) for bench/server_bench.py."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.server_urls"
