import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
application = get_wsgi_application()

# Import every URLconf (and with it every view module: Wagtail admin, the apps) now, in start-up,
# not in a worker's first request: that import takes ≈ 1.5 s of CPU, and under load the first
# requests of every fresh worker waited for it (the 6–7 s latency peaks at the start of the
# 12345 intake benchmark).
_ = get_resolver().reverse_dict  # populating it imports every URLconf

# Move everything loaded at start-up (Django, Wagtail, URL and template caches) out of the
# garbage collector's reach: a full collection otherwise walks that heap every few requests and
# added ≈ 200 ms to one request in twenty on the 5,000-case 依申请公开 board
# (docs/performance.md). Objects created later are collected as usual.
gc.collect()
gc.freeze()
