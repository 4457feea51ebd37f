"""In-app notifications: the service, the /notifications/ page and the navbar badge."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import csrf_post
from tests.factories import UserFactory
from wushe.accounts.models import Notification
from wushe.accounts.services import notify


def test_notify_writes_one_per_active_user(personas):
    gone = UserFactory(is_active=False)
    notify(users=[personas.gina_grantee, personas.gina_grantee, personas.sam_staff, gone], title="立项通知", url="/x/")
    assert sorted(Notification.objects.values_list("user__name", flat=True)) == ["Gina 机构管理员", "Sam 机构员工"]


def test_the_page_lists_ones_own_notifications(personas, client_for):
    notify(users=[personas.gina_grantee], title="给 Gina 的通知")
    notify(users=[personas.oscar_other], title="给 Oscar 的通知")
    html = client_for(personas.gina_grantee).get("/notifications/").content.decode()
    assert "给 Gina 的通知" in html
    assert "给 Oscar 的通知" not in html


def test_the_badge_counts_unread_and_reading_clears_it(personas, client_for):
    (first,) = notify(users=[personas.gina_grantee], title="一")
    notify(users=[personas.gina_grantee], title="二")
    client = client_for(personas.gina_grantee)
    assert 'data-testid="unread-badge">2<' in client.get("/notifications/").content.decode()

    assert csrf_post(client, "/notifications/", {"id": first.pk}).status_code == 302
    first.refresh_from_db()
    assert first.read_at is not None
    assert 'data-testid="unread-badge">1<' in client.get("/notifications/").content.decode()

    csrf_post(client, "/notifications/")  # all
    assert not Notification.objects.unread().exists()
    assert 'data-testid="unread-badge"' not in client.get("/notifications/").content.decode()


def test_opening_a_notification_marks_it_read_and_follows_its_link(personas, client_for):
    (note,) = notify(users=[personas.gina_grantee], title="决定", url="/reviews/decisions/1/")
    response = csrf_post(client_for(personas.gina_grantee), "/notifications/", {"id": note.pk, "go": "1"})
    assert (response.status_code, response["Location"]) == (302, "/reviews/decisions/1/")
    note.refresh_from_db()
    assert note.is_read


def test_it_never_follows_a_link_to_another_site(personas, client_for):
    (note,) = notify(users=[personas.gina_grantee], title="坏链接", url="https://example.com/phish")
    response = csrf_post(client_for(personas.gina_grantee), "/notifications/", {"id": note.pk, "go": "1"})
    assert response["Location"] == "/notifications/"


def test_someone_elses_notification_is_not_found(personas, client_for):
    (note,) = notify(users=[personas.gina_grantee], title="私人")
    response = csrf_post(client_for(personas.sam_staff), "/notifications/", {"id": note.pk})
    assert response.status_code == 404
    note.refresh_from_db()
    assert not note.is_read


def test_the_page_refuses_other_methods_and_anonymous_visitors(personas, client_for):
    client = client_for(personas.gina_grantee)
    client.get("/")
    assert client.put("/notifications/", HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value).status_code == 405
    response = client_for(None).get("/notifications/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_badge_costs_one_query_however_many_there_are(personas, client_for):
    client = client_for(personas.gina_grantee)
    client.get("/organisations/")
    with CaptureQueriesContext(connection) as none:
        client.get("/organisations/")
    notify(users=[personas.gina_grantee], title="一")
    notify(users=[personas.gina_grantee], title="二")
    with CaptureQueriesContext(connection) as some:
        client.get("/organisations/")
    badge = [q for q in some.captured_queries if "accounts_notification" in q["sql"]]
    assert len(badge) == 1
    assert len(some) == len(none)
