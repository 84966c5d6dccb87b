"""gunicorn settings for Koers (``gunicorn -c deploy/gunicorn.conf.py koers.wsgi``).

Values come from the environment so that one file serves every server; the defaults suit a
2-4 core app server behind nginx on the same machine."""

import multiprocessing
import os

bind = os.environ.get("KOERS_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("KOERS_WORKERS", str(multiprocessing.cpu_count() * 2 + 1)))
threads = int(os.environ.get("KOERS_THREADS", "2"))
worker_class = "gthread"
timeout = int(os.environ.get("KOERS_TIMEOUT", "60"))
# Longer than nginx keeps its connections to the app open (60 s): with gunicorn's default of
# 2 s, a request on a connection gunicorn had just closed was reset (the load benchmark saw it).
keepalive = int(os.environ.get("KOERS_KEEPALIVE", "75"))
graceful_timeout = 30
# Restart workers now and then, so a slow leak never becomes an outage.
max_requests = 2000
max_requests_jitter = 200
# Access lines hold the path (only random ids in Koers's URLs) and no query strings with
# personal data: Koers never puts any there. The app's own logs are JSON (KOERS_LOG_FORMAT).
accesslog = os.environ.get("KOERS_ACCESS_LOG", "-")
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(L)ss "%({x-request-id}o)s"'
errorlog = "-"
forwarded_allow_ips = os.environ.get("KOERS_TRUSTED_PROXIES", "127.0.0.1")
