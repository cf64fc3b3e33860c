import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
application = get_wsgi_application()

# Move everything loaded at start-up (Django, Wagtail, URL and template caches) out of the
# garbage collector's reach: a full collection otherwise walks that heap every few requests and
# added ≈ 200 ms to one request in twenty on the 5,000-case 依申请公开 board
# (docs/performance.md). Objects created later are collected as usual.
gc.collect()
gc.freeze()
