import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# Everything loaded so far (Django, the apps, the URL map) lives as long as the worker: move it
# out of the collector's sight. A full collection then walks only what requests made; without
# this one list request in about ten paid ~150 ms for it (bench/list_bench.py, RESULTS.md §0.2c).
gc.collect()
gc.freeze()
