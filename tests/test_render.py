"""The render framework: loader order, default: prefix, strictness, escaping, masking, formats."""

import json

import pytest

from commscli.domain.reports import Figure, Rate, Report, Section, Table
from commscli.errors import InputError
from commscli.render import Renderer, mask_name, mask_phone

HOUSEHOLD = dict(
    id=1,
    office="JM01",
    building="1栋",
    room="101",
    name="<b>王芳</b>",
    phone="13800138000",
    kind="tenant",
    use="home",
    move_in="2026-10-01",
    occupied=1,
)


def test_mask_phone_and_name():
    assert mask_phone("13800138000") == "138****8000"
    assert mask_phone("13800138000", show=True) == "13800138000"
    assert mask_phone("02168880001") == "021****0001"
    assert mask_phone("12345") == "*****"
    assert mask_phone(None) is None
    assert mask_name("王芳") == "王*" and mask_name("欧阳娜娜") == "欧***" and mask_name("王芳", True) == "王芳"


def test_form_masks_phone_unless_asked():
    md = Renderer().form("household", "md", household=HOUSEHOLD)
    assert "138****8000" in md and "13800138000" not in md
    assert "租户" in md and "2026年10月1日" in md
    assert "13800138000" in Renderer(show_personal=True).form("household", "md", household=HOUSEHOLD)


def test_html_and_markdown_are_escaped_and_plain_text_is_not():
    html = Renderer().form("household", "html", household=HOUSEHOLD)
    assert "&lt;b&gt;王芳&lt;/b&gt;" in html and "<b>王芳</b>" not in html
    assert "@page { size: A4" in html and '<html lang="zh-CN">' in html
    md = Renderer().form("household", "md", household=HOUSEHOLD)  # a Markdown viewer would run the HTML
    assert "&lt;b&gt;王芳&lt;/b&gt;" in md and "<b>王芳</b>" not in md and md.startswith("# ")
    assert "<b>王芳</b>" in Renderer().form("household", "text", household=HOUSEHOLD)


def test_english_labels():
    md = Renderer(lang="en").form("household", "md", household=HOUSEHOLD)
    assert "Household card" in md and "tenant" in md and "2026-10-01" in md


def test_missing_field_fails_instead_of_printing_a_blank():
    partial = {k: v for k, v in HOUSEHOLD.items() if k != "room"}
    with pytest.raises(InputError) as exc:
        Renderer().form("household", "md", household=partial)
    assert "room" in str(exc.value) and exc.value.field == "template"


def test_user_templates_override_and_extend_builtins(tmp_path):
    forms = tmp_path / "forms"
    forms.mkdir()
    (forms / "household.md.j2").write_text('{% extends "default:forms/household.md.j2" %}', encoding="utf-8")
    (forms / "household.txt.j2").write_text("OWN {{ household.room }}", encoding="utf-8")
    r = Renderer(templates_dir=tmp_path)
    assert r.form("household", "text", household=HOUSEHOLD) == "OWN 101"
    assert "业户信息卡" in r.form("household", "md", household=HOUSEHOLD)


@pytest.mark.parametrize(
    "kwargs, field", [({"lang": "fr"}, "--lang"), ({"templates_dir": "/no/such/dir"}, "--templates")]
)
def test_bad_renderer_options(kwargs, field):
    with pytest.raises(InputError) as exc:
        Renderer(**kwargs)
    assert exc.value.field == field


def sample_report():
    return Report(
        "monthly",
        "report.monthly",
        "2026-10",
        "2026-11-01T06:00:00+08:00",
        offices=["JM01"],
        sections=[
            Section(
                "section.registry",
                figures=[Figure("fig.occupancy", Rate(1, 2))],
                tables=[
                    Table("table.staff_roles", ["col.office", "col.role", "col.staff"], [["JM01", "role.manager", 1]])
                ],
            )
        ],
    )


def test_report_formats():
    r = Renderer()
    rep = sample_report()
    assert "50.0% (1/2)" in r.report(rep, "text") and "物业服务中心经理" in r.report(rep, "md")
    csv_text = r.report(rep, "csv")
    assert csv_text.startswith("\ufeff") and "入住率,50.0%,1,2" in csv_text
    assert json.loads(r.report(rep, "json"))["sections"][0]["figures"][0]["numerator"] == 1
    assert "<table>" in r.report(rep, "html")
    with pytest.raises(InputError):
        r.report(rep, "pdf")


def test_text_keeps_the_stars_of_masked_names_and_phones_and_drops_bold():
    """A masked caller in a text form (`-f text`) must read as masked, not lose its stars to the bold rule."""
    from commscli.render import markdown_as_text

    text = markdown_as_text("**业户**：史** 186****1953\n\n| 来电人 | 电话 |\n|---|---|\n| 史** | 186****1953 |\n")
    assert "业户：史** 186****1953" in text
    assert "史**" in text.splitlines()[-1] and "186****1953" in text.splitlines()[-1]
    assert "**业户**" not in text


def test_compiled_templates_are_kept_in_the_user_cache_and_skipped_when_it_cannot_be_written(monkeypatch, tmp_path):
    from commscli.render import _bytecode_cache

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    cache = _bytecode_cache()
    assert cache is not None and (tmp_path / "cache" / "commscli" / "jinja").is_dir()
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert _bytecode_cache() is None  # compiled each run, as before
