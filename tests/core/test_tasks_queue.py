"""Background work really goes through Redis and an RQ worker (production's path), and through
the database queue and its worker (a small server's path)."""

from __future__ import annotations

import pytest
import redis
from django.core import mail
from django.core.management import call_command
from django_rq import get_queue, get_worker
from django_tasks import TaskResultStatus
from rq.worker import SimpleWorker

from tests.conftest import in_ci
from wushe.access.services import invitation_create
from wushe.orgs.tasks import send_invitation_email


@pytest.fixture
def rq_backend(settings):
    url = settings.RQ_QUEUES["default"]["URL"]
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        message = f"Redis is not reachable at {url}"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    get_queue("default").empty()
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    yield
    get_queue("default").empty()


def _invitation(personas):
    invitation, _secret = invitation_create(
        organisation=personas.grantee, by=personas.gina_grantee, name="新同事", email="new@example.test"
    )
    return invitation


def test_an_email_task_goes_through_redis_and_an_rq_worker(personas, rq_backend):
    result = send_invitation_email.enqueue(invitation_id=_invitation(personas).pk, link="https://example.test/i/x")
    assert result.status == TaskResultStatus.READY
    assert mail.outbox == []  # queued, not run
    get_worker("default", worker_class=SimpleWorker, job_class="django_tasks_rq.Job").work(burst=True)
    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert [m.to for m in mail.outbox] == [["new@example.test"]]


@pytest.mark.django_db(transaction=True)  # the worker closes connections as it goes
def test_an_email_task_goes_through_the_database_queue_and_its_worker(personas, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    result = send_invitation_email.enqueue(invitation_id=_invitation(personas).pk, link="https://example.test/i/y")
    assert mail.outbox == []
    call_command("db_worker", batch=True, interval=0)
    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert len(mail.outbox) == 1
