"""Capacity under simultaneous registrations, on PostgreSQL: each racer runs in its own thread
and database connection, all released at the same moment."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections

from tests.support.event_builders import make_event
from wushe.support.models import Event, Registration, RegistrationStatus
from wushe.support.registration_services import registration_add, registration_cancel

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="races need PostgreSQL row locks; SQLite serialises writers (set DATABASE_URL to run these)",
    ),
]


def race(*jobs: Callable[[], Any]) -> list[Any]:
    """The result of each job, or the exception it raised."""
    barrier = threading.Barrier(len(jobs))
    results: list[Any] = [None] * len(jobs)

    def run(i: int, job: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=10)
            results[i] = job()
        except Exception as exc:
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads), "a racing thread hung"
    return results


def _guest(personas: Any, event: Event, org: Any, by: Any, name: str, phone: str) -> Callable[[], Registration]:
    return lambda: registration_add(
        event=Event.objects.get(pk=event.pk), organisation=org, by=by, guest_name=name, guest_phone=phone
    )


def test_two_organisations_racing_for_the_last_seat_get_one_seat_and_one_waitlist_place(personas):
    event = make_event(personas, capacity=1)

    results = race(
        _guest(personas, event, personas.grantee, personas.gina_grantee, "三正来宾", "13800137001"),
        _guest(personas, event, personas.other, personas.oscar_other, "绿邻来宾", "13800137002"),
    )

    assert all(isinstance(r, Registration) for r in results), results
    assert sorted(r.status for r in results) == [RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED]
    waiting = next(r for r in results if r.status == RegistrationStatus.WAITLISTED)
    assert waiting.waitlist_position == 1
    assert Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).count() == 1


def test_many_at_once_never_exceed_the_capacity_and_queue_in_distinct_places(personas):
    event = make_event(personas, capacity=3)

    results = race(
        *(
            _guest(personas, event, personas.grantee, personas.gina_grantee, f"来宾{i}", f"1380013720{i}")
            for i in range(8)
        )
    )

    assert all(isinstance(r, Registration) for r in results), results
    statuses = [r.status for r in results]
    assert statuses.count(RegistrationStatus.CONFIRMED) == 3
    positions = sorted(r.waitlist_position for r in results if r.status == RegistrationStatus.WAITLISTED)
    assert positions == [1, 2, 3, 4, 5]


def test_a_cancellation_racing_a_registration_never_overfills(personas):
    event = make_event(personas, capacity=1)
    seated = registration_add(
        event=event, organisation=personas.grantee, by=personas.gina_grantee, guest_name="甲", guest_phone="13800137300"
    )
    registration_add(
        event=event, organisation=personas.grantee, by=personas.gina_grantee, guest_name="乙", guest_phone="13800137301"
    )

    race(
        lambda: registration_cancel(registration=Registration.objects.get(pk=seated.pk), by=personas.gina_grantee),
        _guest(personas, event, personas.other, personas.oscar_other, "丙", "13800137302"),
    )

    confirmed = Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED)
    assert [r.guest_name for r in confirmed] == ["乙"]
    waiting = Registration.objects.filter(event=event, status=RegistrationStatus.WAITLISTED)
    assert [(r.guest_name, r.waitlist_position) for r in waiting] == [("丙", 1)]
