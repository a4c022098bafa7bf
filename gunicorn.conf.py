"""gunicorn settings. The access log leaves out the client address (%(h)s) and user agent."""
import multiprocessing
import os

bind = os.environ.get("PORTAL_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("PORTAL_WORKERS", multiprocessing.cpu_count() * 2 + 1))
# One thread per worker: under CPython 3.11 two threads rendering the cases list crashed workers
# (segmentation fault in a garbage collection; bench/stack.py, not seen on 3.12), and one thread
# was faster anyway (106 against 59 requests/s on that page).
threads = int(os.environ.get("PORTAL_THREADS", "1"))
timeout = 60
graceful_timeout = 30
keepalive = 5
accesslog = "-"
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
forwarded_allow_ips = os.environ.get("PORTAL_FORWARDED_ALLOW_IPS", "127.0.0.1")
