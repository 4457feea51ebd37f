"""Screenshots of the main pages at phone (375 px) and desktop (1280 px) width, to look at the
pages as people will see them. Not part of the test suite.

By default it prepares a scratch SQLite database under ``var/screenshots/`` (a platform admin,
an organisation admin with colleagues, the demo organisations), starts its own server with
DEBUG off (so 404 and 403 show our own pages), takes the screenshots and stops the server::

    .venv/bin/python scripts/screenshots.py
    .venv/bin/python scripts/screenshots.py --only org-detail org-list

Against a server that is already running (``make run``), name the two accounts to use::

    .venv/bin/python scripts/screenshots.py --base-url http://127.0.0.1:8000 \\
        --admin admin-login --org-admin org-admin-login --password their-password

The PNGs land in ``var/screenshots/<width>/<page>.png`` (git-ignored). For each page the script
also reports what a person would trip over: a page wider than the screen (and the elements
sticking out) and, on the phone, tap targets smaller than 32 px.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "screenshots"
PASSWORD = "wushe-screens-9"  # noqa: S105  (scratch accounts on a throw-away database)
ADMIN_LOGIN = "zhoumin@example.org"
ORG_ADMIN_LOGIN = "wangfang@example.org"
CHROMIUM = os.environ.get("WUSHE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--lang=zh-CN",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SIZES = {
    "375": {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2},
    "1280": {"viewport": {"width": 1280, "height": 800}},
}

# --- a scratch database with enough in it to look real ----------------------------------------


def server_env(port: int) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "wushe.settings",
        "DEBUG": "false",
        "WUSHE_INSECURE_DEV_KEY": "true",
        "WUSHE_PLAIN_STATIC": "true",
        "HTTPS": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SQLITE_PATH": str(OUT / "wushe.sqlite3"),
        "WUSHE_TASKS_IMMEDIATE": "true",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "AXES_ENABLED": "false",
        "SITE_URL": f"http://127.0.0.1:{port}",
    }


def prepare(env: dict[str, str]) -> dict[str, int]:
    """Migrate the scratch database and fill it once; return the ids the pages need."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    from wushe.access.models import Invitation, MemberRole, Membership, PlatformRole, PlatformRoleKind
    from wushe.access.services import invitation_create, membership_add
    from wushe.accounts.models import ApiToken, User
    from wushe.accounts.services import api_token_create, api_token_revoke, user_create
    from wushe.core.validators import uscc_check_char
    from wushe.orgs.models import FieldOfWork, Organisation, Place, PlaceLevel
    from wushe.orgs.services import organisation_create, place_create

    admin = User.objects.filter(email=ADMIN_LOGIN).first()
    if admin is None:
        admin = user_create(name="周敏", email=ADMIN_LOGIN, phone="13900100001", password=PASSWORD)
        PlatformRole.objects.create(user=admin, role=PlatformRoleKind.PLATFORM_ADMIN)

    def place(name: str, level: int, parent: Place | None) -> Place:
        found = Place.objects.filter(name=name, level=level, parent=parent).first()
        return found or place_create(by=admin, name=name, level=level, parent=parent)

    phone_seq = iter(range(13900100100, 13900199999))

    def person(name: str, email: str | None = None) -> User:
        found = User.objects.filter(name=name).first()
        return found or user_create(name=name, email=email, phone=str(next(phone_seq)), password=PASSWORD)

    fields = {f.name: f for f in FieldOfWork.objects.all()}
    for row in json.loads((ROOT / "wushe" / "demo" / "data" / "organisations.json").read_text("utf-8")):
        if Organisation.objects.filter(name=row["name"]).exists():
            continue
        street = place(row["street"], PlaceLevel.STREET, place(row["district"], PlaceLevel.DISTRICT, None))
        body = row.get("uscc_body")
        data = {
            "name": row["name"],
            "short_name": row.get("short_name", ""),
            "kind": row["kind"],
            "uscc": body + uscc_check_char(body) if body else None,
            "registered_on": row.get("registered"),
            "home_place": street,
            "contact_name": row.get("contact_name", ""),
            "contact_phone": row.get("contact_phone", ""),
            "description": row.get("description", ""),
        }
        org = organisation_create(
            by=admin,
            data=data,
            service_places=[street],
            fields_of_work=[fields[f] for f in row.get("fields", []) if f in fields],
        )
        for member in row.get("members", []):
            user = person(member["name"])
            if not Membership.objects.filter(user=user, organisation=org).exists():
                membership_add(
                    organisation=org, user=user, role=member["role"], by=admin, title=member.get("title", "")
                )

    support = Organisation.objects.get(name="北京市协作者社会工作发展中心")
    other = Organisation.objects.get(name="北京市东城区三正社工事务所")
    org_admin = User.objects.filter(email=ORG_ADMIN_LOGIN).first()
    if org_admin is None:
        org_admin = person("王芳", ORG_ADMIN_LOGIN)
        membership_add(organisation=support, user=org_admin, role=MemberRole.ADMIN, by=admin, title="项目主管")
        long_name = person("欧阳·阿依古丽·买买提明")
        membership_add(
            organisation=support, user=long_name, role=MemberRole.STAFF, by=admin, title="社区可持续发展项目高级督导"
        )
    if not ApiToken.objects.filter(user=org_admin).exists():
        api_token_create(user=org_admin, name="数据同步")
        token, _secret = api_token_create(user=org_admin, name="季度报表脚本(已停用)")
        api_token_revoke(token=token, by=org_admin)
    if not Invitation.objects.filter(organisation=support).exists():
        invitation_create(organisation=support, by=org_admin, name="李晓雯", email="lixiaowen@example.org")
        invitation_create(organisation=support, by=org_admin, name="赵一鸣", phone="13900100099", role=MemberRole.STAFF)
    district = Place.objects.get(name="东城区", level=PlaceLevel.DISTRICT)
    return {"support": support.pk, "other": other.pk, "district": district.pk}


def start_server(env: dict[str, str], port: int) -> subprocess.Popen:
    # --insecure: serve static files with DEBUG off, so error pages are our own, not Django's.
    command = [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload", "--insecure"]
    log = (OUT / "server.log").open("w")
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
    for _ in range(300):  # up to a minute on a busy machine
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit(f"the server did not start; see {OUT / 'server.log'}")


# --- the pages ------------------------------------------------------------------------------


@dataclass
class Shot:
    name: str
    who: str | None  # "admin", "org_admin" or None (signed out)
    go: Callable  # (page, ids) -> None


def _goto(path: str) -> Callable:
    return lambda page, ids: page.goto(path.format(**ids))


def _login_error(page, ids) -> None:
    page.goto("/accounts/login/")
    page.locator("input[name=username]").fill("someone@example.org")
    page.locator("input[name=password]").fill("wrong-password")
    page.locator("form:not([action]) button[type=submit]").click()
    page.wait_for_load_state()


def _org_search(page, ids) -> None:
    page.goto("/organisations/")
    page.locator("#id_q").press_sequentially("sg", delay=50)
    page.wait_for_url("**q=sg**")
    page.wait_for_load_state("networkidle")


def _org_search_empty(page, ids) -> None:
    page.goto("/organisations/?q=zzzzqq")


def _org_create_errors(page, ids) -> None:
    page.goto("/organisations/new/")
    page.locator("#id_name").fill("北京市测试社会工作服务中心")
    page.locator("#id_uscc").fill("52110000MJ0000000X")
    page.locator("#id_contact_phone").fill("12345")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def _place_pick(page, ids) -> None:
    page.goto("/organisations/new/")
    page.locator("#id_service_places").press_sequentially("dc", delay=50)
    page.locator(".place-picker-results [data-place-id]").first.wait_for()


def _nav_open(page, ids) -> None:
    page.goto("/")
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible():
        toggler.click()
        page.wait_for_timeout(500)
    else:
        page.get_by_test_id("user-menu").click()


SHOTS = [
    Shot("login", None, _goto("/accounts/login/")),
    Shot("login-error", None, _login_error),
    Shot("home", "org_admin", _goto("/")),
    Shot("nav-open", "org_admin", _nav_open),
    Shot("org-list", "org_admin", _org_search),
    Shot("org-list-empty", "org_admin", _org_search_empty),
    Shot("org-detail", "org_admin", _goto("/organisations/{support}/")),
    Shot("org-detail-other", "org_admin", _goto("/organisations/{other}/")),
    Shot("org-create-errors", "admin", _org_create_errors),
    Shot("place-picker", "admin", _place_pick),
    Shot("invite", "org_admin", _goto("/organisations/{support}/invite/")),
    Shot("api-tokens", "org_admin", _goto("/accounts/me/tokens/")),
    Shot("profile", "org_admin", _goto("/accounts/me/")),
    Shot("places", "admin", _goto("/places/")),
    Shot("places-district", "admin", _goto("/places/?parent={district}")),
    Shot("audit", "admin", _goto("/audit/")),
    Shot("404", "org_admin", _goto("/organisations/999999/")),
    Shot("403", "org_admin", _goto("/organisations/{other}/edit/")),
]

PROBLEMS_JS = """(isPhone) => {
  const width = document.documentElement.clientWidth;
  const out = [];
  if (document.documentElement.scrollWidth > width) {
    out.push(`page is ${document.documentElement.scrollWidth - width}px wider than the screen`);
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      if (r.width && r.right > width + 1 && !el.closest('.table-responsive')) {
        out.push(`  sticks out: <${el.tagName.toLowerCase()} class="${el.className}"> right=${Math.round(r.right)}`);
        if (out.length > 8) break;
      }
    }
  }
  if (isPhone) {
    for (const el of document.querySelectorAll('a, button, input, select, textarea, [role=button]')) {
      const r = (el.closest('label') || el).getBoundingClientRect();  // a label is tapped too
      const style = getComputedStyle(el);
      if (!r.width || style.visibility === 'hidden' || el.type === 'hidden') continue;
      if (el.closest('.breadcrumb, p, dd, .small, .form-text, .visually-hidden-focusable')) continue;
      const text = (el.textContent || el.value || '').trim().slice(0, 20);
      const size = `${Math.round(r.width)}x${Math.round(r.height)}`;
      if (r.height < 32) out.push(`small tap target (${size}): ${el.tagName.toLowerCase()} "${text}"`);
    }
  }
  return out;
}"""


def sign_in(context, login: str, password: str) -> None:
    page = context.new_page()
    page.goto("/accounts/login/")
    page.locator("input[name=username]").fill(login)
    page.locator("input[name=password]").fill(password)
    page.locator("form:not([action]) button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.close()


def take(base_url: str, logins: dict[str, str], password: str, ids: dict[str, int], only: list[str]) -> int:
    from playwright.sync_api import sync_playwright

    shots = [s for s in SHOTS if not only or s.name in only]
    trouble = 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for width, size in SIZES.items():
            (OUT / width).mkdir(parents=True, exist_ok=True)
            contexts = {}
            for who in {s.who for s in shots}:
                context = browser.new_context(base_url=base_url, locale="zh-CN", timezone_id="Asia/Shanghai", **size)
                if who:
                    sign_in(context, logins[who], password)
                contexts[who] = context
            for shot in shots:
                page = contexts[shot.who].new_page()
                messages: list[str] = []
                page.on("console", lambda m, messages=messages: m.type == "error" and messages.append(m.text))
                page.on("pageerror", lambda e, messages=messages: messages.append(str(e)))
                shot.go(page, ids)
                page.wait_for_load_state("networkidle")
                path = OUT / width / f"{shot.name}.png"
                page.screenshot(path=str(path), full_page=True)
                found = page.evaluate(PROBLEMS_JS, width == "375")
                found += [f"console: {m}" for m in messages if "404" not in m and "403" not in m]
                status = "ok" if not found else f"{len(found)} to look at"
                print(f"{width:>4}  {shot.name:<18} {status}")
                for line in found:
                    print(f"        {line}")
                trouble += bool(found)
                page.close()
            for context in contexts.values():
                context.close()
        browser.close()
    print(f"screenshots in {OUT}")
    return trouble


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base-url", help="a running server; without it a scratch server is started")
    parser.add_argument("--port", type=int, default=8765, help="port of the scratch server")
    parser.add_argument("--admin", default=ADMIN_LOGIN, help="login of a platform admin")
    parser.add_argument("--org-admin", default=ORG_ADMIN_LOGIN, help="login of an organisation's admin")
    parser.add_argument("--password", default=PASSWORD)
    parser.add_argument("--ids", default="", help='with --base-url: JSON {"support": pk, "other": pk, "district": pk}')
    parser.add_argument("--only", nargs="*", default=[], help="page names to take, e.g. org-detail 404")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    logins = {"admin": args.admin, "org_admin": args.org_admin}
    if args.base_url:
        ids = {"support": 1, "other": 2, "district": 1, **json.loads(args.ids or "{}")}
        take(args.base_url, logins, args.password, ids, args.only)
        return
    env = server_env(args.port)
    ids = prepare(env)
    server = start_server(env, args.port)
    try:
        take(f"http://127.0.0.1:{args.port}", logins, args.password, ids, args.only)
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
