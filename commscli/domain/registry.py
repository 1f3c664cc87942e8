"""Offices, households and staff: their fields and roles (SPEC §2 households, issue #3)."""

from commscli.domain.fields import Choice, Field, choice, iso_date, name_list, phone, text, yes_no

HOUSEHOLD_KIND = Choice("household", {"owner": ("户主",), "tenant": ("租客", "住户")})
HOUSEHOLD_USE = Choice("household", {"home": ("住家", "自住", "residential"), "business": ("企业", "商铺", "办公")})

# Names: labels.LABELS role.*; here the synonyms (大堂 for 大堂助理, 主任 for the manager …).
ROLE = Choice(
    "role",
    {
        "clerk": ("客服", "前台", "客服员", "customer_service"),
        "lobby_assistant": ("大堂", "lobby", "助理"),
        "supervisor": ("主管",),
        "manager": ("管理处主任", "主任", "经理", "director"),
        "engineering": ("工程部", "维修", "engineer"),
        "security": ("保安", "秩序维护", "秩序", "安管员"),
        "cleaning": ("清洁",),
        "general_affairs": ("行政", "综合部", "人事行政", "admin"),
        "quality": ("品质", "品质部"),
        "department_head": ("部门经理", "head"),
        "leadership": ("领导", "总经理"),
        "management_rep": ("管代", "management representative"),
    },
)

OFFICE = (
    Field("code", "编号", text, required=True, aliases=("代码",)),
    Field("name", "名称", text, required=True, aliases=("管理处名称",)),
    Field("phone", "电话", phone, aliases=("服务电话",)),
    Field("address", "地址", text),
    Field("buildings", "楼栋", name_list, default=()),
    Field("lobbies", "大堂", name_list, default=()),
    Field("cs_seal", "客服中心章", text, aliases=("客服章",)),
    Field("company_seal", "公司章", text),
)

HOUSEHOLD = (
    Field("office", "管理处", text, required=True, aliases=("物业服务中心",)),
    Field("building", "楼栋", text, required=True, aliases=("楼号", "栋")),
    Field("room", "房号", text, required=True, aliases=("房间", "单元房号")),
    Field("name", "姓名", text, aliases=("业户", "业主姓名", "住户姓名")),
    Field("phone", "电话", phone, aliases=("联系电话", "手机")),
    Field("kind", "类型", choice(HOUSEHOLD_KIND), default="owner", aliases=("业户类型", "身份")),
    Field("use", "用途", choice(HOUSEHOLD_USE), default="home", aliases=("性质",)),
    Field("move_in", "入住日期", iso_date, aliases=("入伙日期",)),
    Field("occupied", "是否入住", yes_no, default=1, aliases=("入住",)),
    # 004: a survey's important customers (重要客户) get a home visit after the analysis
    Field("important", "重要客户", yes_no, default=0, aliases=("重要",)),
)

STAFF = (
    Field("office", "管理处", text, required=True, aliases=("物业服务中心",)),
    Field("name", "姓名", text, required=True),
    Field("role", "岗位", choice(ROLE), required=True, aliases=("角色", "职务")),
    Field("phone", "电话", phone, aliases=("联系电话", "手机")),
    Field("buildings", "负责楼栋", name_list, default=(), aliases=("楼栋",)),
    Field("active", "在岗", yes_no, default=1, aliases=("是否在岗",)),
)

# A visit-quota role and who fills it (SPEC §2).
VISIT_ROLES = ("manager", "supervisor", "lobby_assistant", "clerk")


# A building typed as a bare number (--building 1) is the office's building of that number with one of these
# suffixes (1栋, 1号楼, 1幢, 1座, 1号, 1楼), when exactly one building of the office has it.
BUILDING_SUFFIXES = ("栋", "号楼", "幢", "座", "号", "楼")


def match_building(given: str, buildings, field: str = "--building") -> str:
    """``1`` → ``1栋`` when it is the office's only building numbered 1; several → InputError naming them;
    none, or not a bare number → ``given`` unchanged."""
    import re
    import unicodedata

    from commscli.errors import InputError
    from commscli.labels import Both, Msg

    number = unicodedata.normalize("NFKC", str(given)).strip()
    if given in buildings or not number.isdigit():
        return given
    pattern = re.compile(rf"0*{int(number)}\s*(?:{'|'.join(BUILDING_SUFFIXES)})")
    hits = sorted({b for b in buildings if b and pattern.fullmatch(unicodedata.normalize("NFKC", b))})
    if len(hits) > 1:
        raise InputError(Msg("err.building_ambiguous", candidates=Both("、".join(hits), ", ".join(hits))), field, given)
    return hits[0] if hits else given


def office_building(given: str, office: dict, field: str = "--building") -> str:
    """A household's building in its office: a bare number as in ``match_building``; an office with a
    building list refuses any other building, naming the office's buildings."""
    from commscli.errors import InputError
    from commscli.labels import Both, Msg

    buildings = list(office.get("buildings") or ())
    building = match_building(given, buildings, field)
    if buildings and building not in buildings:
        listed = Both("、".join(buildings), ", ".join(buildings))
        raise InputError(Msg("err.building_not_in_office", office=office["code"], buildings=listed), field, given)
    return building
