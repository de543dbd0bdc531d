"""English as the second language: the catalogue is complete and consistent, and the switch in the
header (POST /i18n/setlang/) turns the interface English; Vietnamese stays the default."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("i18n_check", ROOT / "scripts" / "i18n_check.py")
i18n_check = sys.modules.setdefault("i18n_check", importlib.util.module_from_spec(_spec))
_spec.loader.exec_module(i18n_check)

PO = settings.LOCALE_PATHS[0] / "en" / "LC_MESSAGES" / "django.po"

VI_NAV = [
    "Tổng quan",
    "Đơn vị",
    "Cá nhân",
    "Hộ gia đình",
    "Quyết định",
    "Khen thưởng",
    "Xếp loại",
    "Sáng kiến",
    "Việc cần làm",
    "Đợt xét",
    "Tờ trình",
    "In bằng khen",
    "Nhập Excel",
    "Thông báo",
]
EN_NAV = [
    "Overview",
    "Units",
    "Individuals",
    "Households",
    "Decisions",
    "Awards",
    "Ratings",
    "Initiatives",
    "To do",
    "Review rounds",
    "Proposals",
    "Certificates",
    "Excel import",
    "Notifications",
]


@pytest.fixture(autouse=True)
def _back_to_the_default_language():
    """LocaleMiddleware leaves the language of the last request active in the thread: without
    this, every test after an English request would run in English."""
    yield
    translation.deactivate()


def english(msgid: str) -> str:
    """The catalogue's translation of `msgid` (so the tests follow the .po, not a copy)."""
    for entry in i18n_check.parse_po(PO):
        if entry.msgid == msgid and entry.msgctxt is None:
            return entry.msgstr[0]
    raise AssertionError(f"{msgid!r} is not in {PO}")


def nav_labels(response) -> list[str]:
    return [str(item["label"]) for item in response.context["nav_items"]]


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)">', response.content.decode()).group(1)


def switch(client, language: str, next_url: str = "/") -> None:
    response = client.post(reverse("set_language"), {"language": language, "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == next_url
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == language


# --- the catalogue ---------------------------------------------------------------------------


def test_settings_offer_vietnamese_then_english():
    assert settings.LANGUAGE_CODE == "vi"
    assert [code for code, _name in settings.LANGUAGES] == ["vi", "en"]
    assert PO.exists()


def test_english_catalogue_has_no_untranslated_fuzzy_or_broken_entries():
    assert [str(p) for p in i18n_check.check_catalogue(PO)] == []


def test_compiled_catalogue_matches_the_po():
    assert [str(p) for p in i18n_check.check_compiled(PO)] == []


def test_catalogue_is_substantial_and_uses_the_agreed_terms():
    entries = {e.msgid: e for e in i18n_check.parse_po(PO) if not e.is_header and e.msgctxt is None}
    assert len(entries) > 800
    assert {
        msgid: entries[msgid].msgstr[0]
        for msgid in ("Tổng quan", "Cá nhân", "Hộ gia đình", "Xếp loại", "Nhật ký thay đổi")
    } == {
        "Tổng quan": "Overview",
        "Cá nhân": "Individuals",
        "Hộ gia đình": "Households",
        "Xếp loại": "Rating",
        "Nhật ký thay đổi": "Change log",
    }
    plurals = [e for e in entries.values() if e.msgid_plural]
    assert plurals
    assert all(sorted(e.msgstr) == [0, 1] for e in plurals)
    nav = {e.msgid: e.msgstr[0] for e in i18n_check.parse_po(PO) if e.msgctxt == "nav"}
    assert [nav[label] for label in VI_NAV] == EN_NAV  # the menu names the lists: plural


def test_check_script_exits_zero_on_the_catalogue(capsys):
    assert i18n_check.main([str(PO)]) == 0
    assert "no problems" in capsys.readouterr().err


# --- the checker itself ----------------------------------------------------------------------

BROKEN_PO = r"""# test catalogue
#, fuzzy
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\n"

#: a.py:1
msgid "Xin chào"
msgstr "Hello"

#: a.py:2
msgid "Chưa dịch"
msgstr ""

#: a.py:3
#, fuzzy, python-format
#| msgid "Cũ %(x)s"
msgid "Mờ %(x)s"
msgstr "Fuzzy %(x)s"

#: a.py:4
#, python-format
msgid "Đơn vị %(unit)s, năm %(year)s"
msgstr "Unit %(unit)s, year %(yaer)s"

#: a.py:5
#, python-format
msgid "%s và %d"
msgstr "%d and %s"

#: a.py:6
msgid "Xin chào {name}"
msgstr "Hello {nom}"

#: a.py:7
msgid "<strong>%(n)s</strong> cá nhân"
msgstr "%(n)s individuals"

#: a.py:8
#, python-format
msgid "Còn %(n)s dòng"
msgid_plural "Còn %(n)s dòng"
msgstr[0] "%(n)s row "
"left"
msgstr[1] ""

#: a.py:9
msgid ""
"Dòng dài "
"nối tiếp"
msgstr ""
"A long "
"line"

#~ msgid "Đã bỏ"
#~ msgstr ""
"""


def test_parse_po_reads_plurals_continuations_and_flags(tmp_path):
    path = tmp_path / "django.po"
    path.write_text(BROKEN_PO, encoding="utf-8")
    entries = i18n_check.parse_po(path)
    assert [e.msgid for e in entries] == [
        "",
        "Xin chào",
        "Chưa dịch",
        "Mờ %(x)s",
        "Đơn vị %(unit)s, năm %(year)s",
        "%s và %d",
        "Xin chào {name}",
        "<strong>%(n)s</strong> cá nhân",
        "Còn %(n)s dòng",
        "Dòng dài nối tiếp",
    ]
    assert entries[0].is_header and entries[0].flags == {"fuzzy"}
    assert entries[3].flags == {"fuzzy", "python-format"}
    assert entries[8].msgstr == {0: "%(n)s row left", 1: ""}
    assert entries[9].msgstr == {0: "A long line"}


def test_check_reports_every_kind_of_problem(tmp_path):
    path = tmp_path / "django.po"
    path.write_text(BROKEN_PO, encoding="utf-8")
    problems = [(p.kind, p.msgid) for p in i18n_check.check_catalogue(path)]
    assert problems == [
        ("fuzzy", ""),
        ("untranslated", "Chưa dịch"),
        ("fuzzy", "Mờ %(x)s"),
        ("placeholder", "Đơn vị %(unit)s, năm %(year)s"),
        ("placeholder", "%s và %d"),
        ("placeholder", "Xin chào {name}"),
        ("html", "<strong>%(n)s</strong> cá nhân"),
        ("untranslated", "Còn %(n)s dòng"),
    ]
    assert i18n_check.main([str(path), "--no-mo"]) == 1


@pytest.mark.parametrize(
    ("source", "translation", "ok"),
    [
        ("%(a)s và %(b)s", "%(b)s and %(a)s", True),  # named: order may change
        ("%(pct)s%% × %(base)s", "%(pct)s%% × %(base)s", True),  # %% is not a placeholder
        ("%(n)s dòng", "%(n)d rows", False),  # conversion type is kept
        ("%(n)s dòng", "rows", False),
        ("Năm", "Year %(x)s", False),
        ("{a} {b}", "{b} {a}", True),
        ("Bearer <khóa>", "Bearer <key>", True),  # prose in angle brackets
    ],
)
def test_placeholder_and_markup_rules(source, translation, ok):
    broken = i18n_check.placeholder_mismatch(source, translation) or i18n_check.html_mismatch(
        source, translation
    )
    assert (broken == "") is ok


def test_stale_mo_is_reported(tmp_path):
    path = tmp_path / "django.po"
    path.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Lưu"\nmsgstr "Save"\n',
        encoding="utf-8",
    )
    assert [p.detail for p in i18n_check.check_compiled(path)] == [
        "missing: run tdkt compilemessages"
    ]


# --- the switch ------------------------------------------------------------------------------


def test_vietnamese_is_the_default_without_accept_language(client, alice):
    client.force_login(alice)
    response = client.get(reverse("backoffice:home"))
    assert response.status_code == 200
    assert html_lang(response) == "vi"
    assert nav_labels(response) == VI_NAV
    assert "<h1>Tổng quan</h1>" in response.content.decode()


def test_unsupported_browser_language_falls_back_to_vietnamese(client, alice):
    client.force_login(alice)
    response = client.get(reverse("backoffice:home"), HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9")
    assert html_lang(response) == "vi"
    assert nav_labels(response) == VI_NAV


def test_switching_to_english_translates_dashboard_and_people_list(client, alice, person_a):
    client.force_login(alice)
    switch(client, "en")

    home = client.get(reverse("backoffice:home"))
    assert home.status_code == 200
    assert html_lang(home) == "en"
    assert nav_labels(home) == EN_NAV
    page = home.content.decode()
    assert "<h1>Overview</h1>" in page
    assert "Tổng quan" not in page
    assert 'value="vi" class="link">Tiếng Việt</button>' in page  # the way back
    assert f'<button class="link">{english("Đăng xuất")}</button>' in page

    people = client.get(reverse("backoffice:people.list"))
    assert people.status_code == 200
    assert html_lang(people) == "en"
    assert nav_labels(people) == EN_NAV
    active = [str(i["label"]) for i in people.context["nav_items"] if i["active"]]
    assert active == ["Individuals"]
    assert person_a.full_name in people.content.decode()  # data stays as entered


def test_switching_back_to_vietnamese(client, alice):
    client.force_login(alice)
    switch(client, "en")
    switch(client, "vi")
    response = client.get(reverse("backoffice:home"))
    assert html_lang(response) == "vi"
    assert nav_labels(response) == VI_NAV


def test_switch_keeps_the_page_the_user_was_on(client, alice):
    client.force_login(alice)
    people_url = reverse("backoffice:people.list")
    switch(client, "en", next_url=people_url)
    assert nav_labels(client.get(people_url)) == EN_NAV


def test_login_page_in_english(client):
    switch(client, "en", next_url=reverse("accounts:login"))
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    page = response.content.decode()
    sign_in = english("Đăng nhập")
    assert sign_in == "Sign in"
    assert f"<h1>{sign_in}</h1>" in page
    assert f'<button class="btn primary" type="submit">{sign_in}</button>' in page
    assert f'<label for="id_username">{english("Tên đăng nhập")}</label>' in page
    assert "Đăng nhập" not in page


def test_login_page_defaults_to_vietnamese(client):
    response = client.get(reverse("accounts:login"))
    assert "<h1>Đăng nhập</h1>" in response.content.decode()


def test_english_form_errors_and_choices(client, alice):
    """Lazy labels (model choices, form errors) follow the active language too."""
    client.force_login(alice)
    switch(client, "en")
    response = client.post(reverse("backoffice:people.create"), {"full_name": ""})
    assert response.status_code == 200
    page = response.content.decode()
    assert english("Vui lòng sửa các lỗi được đánh dấu bên dưới.") in page
    assert ">Male<" in page and ">Female<" in page
