"""Labels of forms and reports: zh-CN first, English second. Keys are stable identifiers."""

LABELS = {
    # report frame
    "report.monthly": ("月度服务沟通报告", "Monthly service-communication report"),
    "report.due": ("待办与到期事项", "What is due"),
    "report.period": ("统计期间", "Period"),
    "report.generated_at": ("生成时间", "Generated at"),
    "report.offices": ("管理处", "Offices"),
    "report.nothing_due": ("无到期事项", "Nothing due"),
    "report.value": ("数值", "Value"),
    "report.item": ("项目", "Item"),
    "due.due": ("到期", "Due"),
    "due.what": ("事项", "What"),
    "due.record": ("记录", "Record"),
    "due.office": ("管理处", "Office"),
    "due.detail": ("说明", "Detail"),
    "due.state": ("状态", "State"),
    "state.overdue": ("已逾期", "overdue"),
    "state.today": ("今日到期", "due today"),
    "state.soon": ("即将到期", "due soon"),
    "state.later": ("稍后", "later"),
    # registry section
    "section.registry": ("业户与人员", "Households and staff"),
    "fig.households": ("业户总数", "Households"),
    "fig.occupied": ("已入住业户", "Occupied households"),
    "fig.occupancy": ("入住率", "Occupancy"),
    "fig.staff": ("在岗人员", "Active staff"),
    "fig.move_ins": ("本月新入住", "Moved in this month"),
    "table.occupancy": ("各楼栋入住情况", "Occupancy by building"),
    "table.staff_roles": ("各岗位人数", "Staff per role"),
    "col.office": ("管理处", "Office"),
    "col.building": ("楼栋", "Building"),
    "col.households": ("户数", "Households"),
    "col.occupied": ("已入住", "Occupied"),
    "col.role": ("岗位", "Role"),
    "col.staff": ("人数", "Staff"),
    "note.calendar_missing": ("{year} 年节假日安排未载入：按周一至周五计算。请用 `commscli calendar import` 导入国务院办公厅通知。",
                              "No holiday schedule for {year}: plain Mon–Fri is assumed. Load the State Council's schedule with `commscli calendar import`."),
    "note.calendar_ok": ("{years} 年节假日安排已载入", "Holiday schedule loaded for {years}"),
    "due.calendar_import": ("导入 {year} 年节假日安排", "Import the {year} holiday schedule"),
    # roles and choices
    "role.clerk": ("客服前台", "clerk"),
    "role.lobby_assistant": ("大堂助理", "lobby assistant"),
    "role.supervisor": ("客服主管", "supervisor"),
    "role.manager": ("物业服务中心经理", "manager"),
    "role.engineering": ("工程", "engineering"),
    "role.security": ("安管", "security"),
    "role.cleaning": ("保洁", "cleaning"),
    "role.general_affairs": ("综合事务", "general affairs"),
    "role.quality": ("品质管理部", "quality"),
    "role.department_head": ("部门负责人", "department head"),
    "role.leadership": ("公司领导", "leadership"),
    # forms
    "form.household_card": ("业户信息卡", "Household card"),
    "form.signature": ("签名", "Signature"),
    "form.date": ("日期", "Date"),
    "field.office": ("管理处", "Office"),
    "field.building": ("楼栋", "Building"),
    "field.room": ("房号", "Room"),
    "field.name": ("姓名", "Name"),
    "field.phone": ("电话", "Phone"),
    "field.kind": ("类型", "Kind"),
    "field.use": ("用途", "Use"),
    "field.move_in": ("入住日期", "Moved in"),
    "field.occupied": ("是否入住", "Occupied"),
    "household.owner": ("业主", "owner"),
    "household.tenant": ("租户", "tenant"),
    "household.home": ("住宅", "home"),
    "household.business": ("商业", "business"),
    "masked": ("（已隐去）", "(withheld)"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
}

LANGS = ("zh", "en")


def label(key: str, lang: str = "zh", **params) -> str:
    pair = LABELS.get(key)
    text = key if pair is None else pair[0 if lang == "zh" else 1]
    return text.format(**params) if params else text
