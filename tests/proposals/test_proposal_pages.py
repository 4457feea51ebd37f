"""The proposal pages: detail, edit with autosave, budget, transitions, coaching, diff."""

from __future__ import annotations

import pytest

from tests.conftest import csrf_post
from tests.lifecycle import make_call, make_draft_proposal, make_programme, make_submitted_proposal
from wushe.proposals.models import Proposal, ProposalStatus
from wushe.proposals.services import comment_reply, proposal_save_draft, proposal_transition


@pytest.fixture
def call(personas):
    return make_call(make_programme(personas))


def test_the_applicant_and_the_officer_see_the_proposal_others_get_404(personas, client_for, call):
    proposal = make_submitted_proposal(personas, call)
    url = f"/proposals/{proposal.pk}/"
    for persona, status in [
        ("gina_grantee", 200),
        ("olivia_officer", 200),
        ("alice_admin", 200),
        ("frank_funder", 200),
        ("oscar_other", 404),
        ("grace_gov", 404),
        ("vera_volunteer", 404),
        ("rita_reviewer", 404),
    ]:
        assert client_for(getattr(personas, persona)).get(url).status_code == status, persona
    assert client_for(None).get(url).status_code == 302


def test_funders_do_not_see_drafts(personas, client_for, call):
    draft = make_draft_proposal(personas, call)
    assert client_for(personas.frank_funder).get(f"/proposals/{draft.pk}/").status_code == 404


def test_coaching_is_hidden_from_funders(personas, client_for, call):
    proposal = make_submitted_proposal(personas, call)
    proposal_transition(
        proposal=proposal,
        action="request_revision",
        by=personas.olivia_officer,
        comments=[("need", "请补充入户调研的数据来源。")],
    )
    assert "请补充入户调研" in client_for(personas.gina_grantee).get(f"/proposals/{proposal.pk}/").content.decode()
    proposal.refresh_from_db()
    for comment in proposal.comments.all():
        comment_reply(comment=comment, by=personas.gina_grantee, reply="已补充。", addressed=True)
    proposal_transition(proposal=proposal, action="resubmit", by=personas.gina_grantee)
    assert "请补充入户调研" not in client_for(personas.frank_funder).get(f"/proposals/{proposal.pk}/").content.decode()


def test_the_edit_page_autosaves_and_reports_a_stale_tab(personas, client_for, call):
    draft = make_draft_proposal(personas, call)
    client = client_for(personas.gina_grantee)
    assert client.get(f"/proposals/{draft.pk}/edit/").status_code == 200
    data = {"edit_version": draft.edit_version, "title": draft.title, "need": "自动保存的新内容"}
    response = csrf_post(client, f"/proposals/{draft.pk}/autosave/", data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "已自动保存" in response.content.decode()
    assert Proposal.objects.get(pk=draft.pk).sections["need"] == "自动保存的新内容"
    stale = csrf_post(client, f"/proposals/{draft.pk}/autosave/", {**data, "need": "旧标签页"}, HTTP_HX_REQUEST="true")
    assert "已在别处被修改" in stale.content.decode()
    assert Proposal.objects.get(pk=draft.pk).sections["need"] == "自动保存的新内容"


def test_a_submitted_proposal_opens_for_reading_not_editing(personas, client_for, call):
    proposal = make_submitted_proposal(personas, call)
    response = client_for(personas.gina_grantee).get(f"/proposals/{proposal.pk}/edit/", follow=True)
    assert response.redirect_chain == [(f"/proposals/{proposal.pk}/", 302)]
    assert "项目书当前状态为“已提交”,不能编辑。" in response.content.decode()


def test_edit_is_refused_to_other_roles(personas, client_for, call):
    draft = make_draft_proposal(personas, call)
    assert client_for(personas.olivia_officer).get(f"/proposals/{draft.pk}/edit/").status_code == 403
    assert client_for(personas.oscar_other).get(f"/proposals/{draft.pk}/edit/").status_code == 404


def test_the_budget_form_shows_field_errors_and_keeps_the_old_budget(personas, client_for, call):
    draft = make_draft_proposal(personas, call)
    before = draft.requested_amount
    client = client_for(personas.gina_grantee)
    response = csrf_post(
        client,
        f"/proposals/{draft.pk}/budget/",
        {"category": ["materials"], "item": ["桶"], "amount": ["-5"]},
        follow=True,
    )
    assert "金额不能为负数" in response.content.decode()
    assert Proposal.objects.get(pk=draft.pk).requested_amount == before


def test_the_officer_requests_revision_from_the_page(personas, client_for, call):
    proposal = make_submitted_proposal(personas, call)
    client = client_for(personas.olivia_officer)
    response = csrf_post(
        client,
        f"/proposals/{proposal.pk}/transition/",
        {"action": "request_revision", "section": ["goals", "need"], "body": ["目标请量化。", ""]},
        follow=True,
    )
    assert response.status_code == 200
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.REVISION_REQUESTED
    assert proposal.comments.count() == 1


def test_a_transition_by_the_wrong_role_is_403_and_changes_nothing(personas, client_for, call):
    proposal = make_submitted_proposal(personas, call)
    response = csrf_post(
        client_for(personas.gina_grantee), f"/proposals/{proposal.pk}/transition/", {"action": "start_review"}
    )
    assert response.status_code == 403
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.SUBMITTED


def test_transition_needs_post(personas, client_for, call):
    proposal = make_submitted_proposal(personas, call)
    assert client_for(personas.olivia_officer).get(f"/proposals/{proposal.pk}/transition/").status_code == 405


def test_a_repeated_submit_is_refused_with_a_message(personas, client_for, call):
    draft = make_draft_proposal(personas, call)
    client = client_for(personas.gina_grantee)
    csrf_post(client, f"/proposals/{draft.pk}/transition/", {"action": "submit"})
    response = csrf_post(client, f"/proposals/{draft.pk}/transition/", {"action": "submit"}, follow=True)
    assert "不能“提交”" in response.content.decode()
    assert Proposal.objects.get(pk=draft.pk).version_count == 1


def test_the_diff_page_highlights_changes_section_by_section(personas, client_for, call):
    proposal = make_submitted_proposal(personas, call)
    officer, applicant = personas.olivia_officer, personas.gina_grantee
    proposal = proposal_transition(
        proposal=proposal, action="request_revision", by=officer, comments=[("goals", "请量化。")]
    )
    comment_reply(comment=proposal.comments.get(), by=applicant, reply="已量化。", addressed=True)
    proposal = proposal_save_draft(
        proposal=proposal, by=applicant, edit_version=proposal.edit_version, sections={"goals": "我们在院落开展活动"}
    )
    proposal_transition(proposal=proposal, action="resubmit", by=applicant)
    response = client_for(officer).get(f"/proposals/{proposal.pk}/diff/?a=1&b=2")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<ins class="diff-ins">' in html
    assert '<del class="diff-del">' in html
    assert client_for(officer).get(f"/proposals/{proposal.pk}/diff/?a=1&b=9").status_code == 404
    assert client_for(officer).get(f"/proposals/{proposal.pk}/diff/?a=x&b=2").status_code == 404
    assert client_for(personas.oscar_other).get(f"/proposals/{proposal.pk}/diff/?a=1&b=2").status_code == 404


def test_attachments_are_type_and_size_checked_and_served_only_to_permitted_users(personas, client_for, call):
    from django.core.files.uploadedfile import SimpleUploadedFile

    draft = make_draft_proposal(personas, call)
    client = client_for(personas.gina_grantee)
    fake = SimpleUploadedFile("计划.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = csrf_post(client, f"/proposals/{draft.pk}/attachments/", {"file": fake}, follow=True)
    assert "文件内容与扩展名不符" in response.content.decode()
    exe = SimpleUploadedFile("virus.exe", b"MZ", content_type="application/octet-stream")
    response = csrf_post(client, f"/proposals/{draft.pk}/attachments/", {"file": exe}, follow=True)
    assert "只能上传" in response.content.decode()
    assert draft.attachments.count() == 0
    pdf = SimpleUploadedFile("计划.pdf", b"%PDF-1.4 minimal", content_type="application/pdf")
    csrf_post(client, f"/proposals/{draft.pk}/attachments/", {"file": pdf})
    attachment = draft.attachments.get()
    assert client.get(f"/attachments/{attachment.pk}/").status_code == 200
    assert client_for(personas.oscar_other).get(f"/attachments/{attachment.pk}/").status_code == 404
    attachment.file.delete(save=False)


def test_the_public_call_page_needs_no_sign_in(personas, client, call):
    response = client.get("/calls/")
    assert response.status_code == 200
    assert call.title in response.content.decode()
    assert client.get(f"/calls/{call.pk}/").status_code == 200


def test_an_unpublished_call_is_hidden_from_the_public(personas, client, call):
    from wushe.programmes.models import Call

    Call.objects.filter(pk=call.pk).update(is_published=False)
    assert client.get(f"/calls/{call.pk}/").status_code == 404
    assert call.title not in client.get("/calls/").content.decode()


def test_the_officer_dashboard_counts_proposals_and_rounds(personas, client_for, call):
    make_submitted_proposal(personas, call)
    make_draft_proposal(personas, call, title="第二份")
    response = client_for(personas.olivia_officer).get(f"/programmes/{call.programme_id}/")
    assert response.status_code == 200
    assert response.context["proposal_total"] == 2
    assert {v: n for v, _label, n in response.context["status_rows"]}["submitted"] == 1


def test_the_applicant_sets_target_places_on_the_draft(personas, client_for, call):
    from wushe.orgs.models import Place

    draft = make_draft_proposal(personas, call)
    courtyard = Place.objects.get(name="草厂三条12号院")
    data = {"edit_version": draft.edit_version, "title": draft.title, "target_places": [courtyard.pk]}
    response = csrf_post(client_for(personas.gina_grantee), f"/proposals/{draft.pk}/edit/", data)
    assert response.status_code == 302
    assert list(draft.target_places.all()) == [courtyard]
    assert courtyard.full_name in client_for(personas.gina_grantee).get(f"/proposals/{draft.pk}/").content.decode()
    bad = {**data, "edit_version": draft.edit_version + 1, "target_places": [999999]}
    response = csrf_post(client_for(personas.gina_grantee), f"/proposals/{draft.pk}/edit/", bad)
    assert response.status_code == 200
    assert list(draft.target_places.all()) == [courtyard]
