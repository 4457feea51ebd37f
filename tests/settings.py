"""Settings for the test suite: the project's one settings file, with test-friendly environment
defaults (no HTTPS redirect, immediate tasks, fast password hashing)."""

import os

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("HTTPS", "false")
os.environ.setdefault("WUSHE_INSECURE_DEV_KEY", "true")
os.environ.setdefault("WUSHE_PLAIN_STATIC", "true")
os.environ.setdefault("WUSHE_TASKS_IMMEDIATE", "true")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")

from wushe.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
if "sqlite" in DATABASES["default"]["ENGINE"]:  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": ""}  # noqa: F405  (in memory)
if REDIS_URL:  # noqa: F405
    # Parallel test workers share one Redis: keep their keys apart.
    CACHES["default"]["KEY_PREFIX"] = "wushe-test-" + os.environ.get("PYTEST_XDIST_WORKER", "main")  # noqa: F405

# Uploaded files written by tests go to a throw-away folder, not the development media.
import tempfile  # noqa: E402

MEDIA_ROOT = tempfile.mkdtemp(prefix="wushe-test-media-")

# Background tasks run immediately in tests; the one test of the real queue uses Redis DB 15.
RQ_QUEUES = {"default": {"URL": os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15"}}
