"""The demo store: one office of about 650 occupied households, its staff, and — as
capabilities land — six months of activity before now. Seeded, so it is reproducible.

Each capability appends a step to STEPS: ``step(store, rng, ctx)``.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英霞平刚桂兰华红玉萍建国志斌鹏飞宇浩然欣怡婷雪梅琳晨阳子涵思远佳慧晓东海波"

OFFICE = dict(
    code="JM01",
    name="金茂府物业服务中心",
    phone="02168880001",
    address="浦东新区示范路 88 号",
    cs_seal="金茂府物业服务中心客户服务部",
    company_seal="金茂物业服务有限公司",
)
BUILDINGS = [f"{i}栋" for i in range(1, 9)]
FLOORS, PER_FLOOR = 18, 5  # 8 × 18 × 5 = 720 households
VACANT = 68  # → 652 occupied

STAFF = [
    ("陈建国", "manager", []),
    ("林晓东", "supervisor", []),
    ("王丽", "clerk", []),
    ("赵婷", "clerk", []),
    ("孙欣怡", "clerk", []),
    ("周敏", "lobby_assistant", BUILDINGS[0:2]),
    ("吴娜", "lobby_assistant", BUILDINGS[2:4]),
    ("郑雪梅", "lobby_assistant", BUILDINGS[4:6]),
    ("冯佳慧", "lobby_assistant", BUILDINGS[6:8]),
    ("刘强", "engineering", []),
    ("杨磊", "engineering", []),
    ("黄勇", "engineering", []),
    ("何志斌", "engineering", []),
    ("高军", "security", []),
    ("罗涛", "security", []),
    ("梁鹏", "security", []),
    ("谢浩然", "security", []),
    ("宋飞", "security", []),
    ("唐宇", "security", []),
    ("许秀英", "cleaning", []),
    ("韩桂兰", "cleaning", []),
    ("邓玉", "cleaning", []),
    ("曹萍", "cleaning", []),
    ("彭红", "cleaning", []),
    ("曾华", "general_affairs", []),
    ("肖琳", "quality", []),
    ("田海波", "department_head", []),
    ("董志远", "leadership", []),
]


@dataclass
class DemoContext:
    now: datetime
    at: str  # stored-time text of "now"
    by: str
    office_id: int = 0


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def mobile(rng: random.Random) -> str:
    return rng.choice(("138", "139", "136", "158", "186", "177")) + f"{rng.randrange(10**8):08d}"


def registry_step(store, rng: random.Random, ctx: DemoContext):
    from commscli import services
    from commscli.policy import DEFAULT
    from commscli.store import records, registry
    from commscli.workdays import Calendar

    sctx = services.Context(DEFAULT, Calendar(), ctx.now, by=ctx.by)  # records at ctx.at: fmt(ctx.now)
    ctx.office_id = registry.add(
        store, sctx, "offices", dict(OFFICE, buildings=BUILDINGS, lobbies=[f"{b}大堂" for b in BUILDINGS]), ctx.at
    )
    rooms = [(b, f"{f}{u:02d}") for b in BUILDINGS for f in range(1, FLOORS + 1) for u in range(1, PER_FLOOR + 1)]
    vacant = set(rng.sample(range(len(rooms)), VACANT))
    today = ctx.now.date()
    rows = []
    for i, (building, room) in enumerate(rooms):
        occupied = i not in vacant
        # most moved in years ago; a few in the last six months (new-resident callbacks)
        if occupied and rng.random() < 0.04:
            move_in = today - timedelta(days=rng.randrange(1, 180))
        else:
            move_in = date(2015, 6, 1) + timedelta(days=rng.randrange(0, 3000))
        rows.append(
            dict(
                office_id=ctx.office_id,
                building=building,
                room=room,
                name=person(rng),
                phone=mobile(rng),
                kind="tenant" if rng.random() < 0.18 else "owner",
                use="business" if room.startswith("1") and rng.random() < 0.3 else "home",
                move_in=move_in.isoformat() if occupied else None,
                occupied=int(occupied),
                created_at=ctx.at,
                created_by=ctx.by,
            )
        )
    first, last = registry.insert_many(store, "households", rows)
    records.log(
        store,
        sctx,
        "households",
        None,
        "import",
        ctx.at,
        after={"file": "demo", "rows": len(rows), "first_id": first, "last_id": last},
    )
    staff_rows = [
        dict(
            office_id=ctx.office_id,
            name=n,
            role=r,
            phone=mobile(rng),
            buildings=records.dump(b),
            active=1,
            created_at=ctx.at,
            created_by=ctx.by,
        )
        for n, r, b in STAFF
    ]
    first, last = registry.insert_many(store, "staff", staff_rows)
    records.log(
        store,
        sctx,
        "staff",
        None,
        "import",
        ctx.at,
        after={"file": "demo", "rows": len(staff_rows), "first_id": first, "last_id": last},
    )


REPAIRS = [
    "厨房水管漏水",
    "卫生间地漏堵塞",
    "客厅灯不亮",
    "入户门锁损坏",
    "空调冷凝水外溢",
    "阳台推拉门卡顿",
    "热水器不出热水",
    "插座跳闸",
    "窗户密封条脱落",
    "马桶水箱漏水",
    "楼道感应灯不亮",
    "可视对讲无图像",
]
COMPLAINTS = [
    "楼上装修噪音",
    "电梯等候时间长",
    "地下车库有积水",
    "快递堆放大堂",
    "宠物粪便未清理",
    "夜间广场舞扰民",
    "保安态度生硬",
    "垃圾清运不及时",
]
INQUIRIES = ["物业费缴纳方式", "装修申请流程", "停车月卡办理", "门禁卡补办", "快递柜位置", "水电费账单查询"]
SUGGESTIONS = ["增加儿童游乐设施", "小区增设充电桩", "绿化带增加座椅"]
HELPS = ["老人忘带钥匙", "帮忙搬运重物", "雨天借伞"]
GRADES = ["very_satisfied"] * 40 + ["satisfied"] * 45 + ["neutral"] * 12 + ["dissatisfied"] * 3


def tickets_step(store, rng: random.Random, ctx: DemoContext):
    """Six months of desk work before now, through the same services the CLI uses."""
    from dataclasses import replace

    from commscli import clock, services
    from commscli.domain.callbacks import week_of
    from commscli.policy import DEFAULT
    from commscli.services import callbacks as cbs
    from commscli.services import tickets as svc
    from commscli.store import callbacks as cq
    from commscli.store import registry
    from commscli.store import tickets as q
    from commscli.workdays import Calendar

    base = services.Context(DEFAULT, Calendar(), ctx.now, by="王丽")
    tz = ctx.now.tzinfo
    hh = registry.occupied_ids(store)
    engineers = ["刘强", "杨磊", "黄勇", "何志斌"]
    clerks = ["王丽", "赵婷", "孙欣怡"]
    start = (ctx.now - timedelta(days=182)).date()
    f = clock.fmt

    def as_(name):
        return replace(base, by=name)

    def at(dt):
        return f(dt.replace(microsecond=0))

    day = start
    while day < ctx.now.date():
        for _ in range(rng.choice((2, 3, 3, 4, 4, 5, 6))):
            reported = datetime.combine(day, datetime.min.time(), tzinfo=tz) + timedelta(
                minutes=rng.randrange(7 * 60, 21 * 60)
            )
            if reported > ctx.now - timedelta(minutes=30):
                continue
            clerk = as_(rng.choice(clerks))
            kind = rng.choices(["repair", "complaint", "inquiry", "suggestion", "help"], [60, 8, 17, 5, 10])[0]
            text = rng.choice(
                {
                    "repair": REPAIRS,
                    "complaint": COMPLAINTS,
                    "inquiry": INQUIRIES,
                    "suggestion": SUGGESTIONS,
                    "help": HELPS,
                }[kind]
            )
            priority = rng.choices(["urgent", "high", "normal"], [5, 20, 75])[0] if kind == "repair" else None
            channel = rng.choices(
                ["hotline", "walk_in", "app", "visit", "letter", "suggestion_box", "email"], [50, 20, 18, 5, 2, 3, 2]
            )[0]
            category = {"repair": "repair_service", "inquiry": "convenience", "help": "special_difficulty"}.get(
                kind, rng.choice(["order_security", "cleaning", "greening", "facilities", "culture"])
            )
            tid = svc.new_ticket(
                store,
                clerk,
                dict(
                    office=OFFICE["code"],
                    kind=kind,
                    channel=channel,
                    category=category,
                    priority=priority,
                    household_id=rng.choice(hh),
                    description=text,
                    reported_at=at(reported),
                    major_defect="bathroom_leak" if text == "卫生间地漏堵塞" and rng.random() < 0.1 else None,
                    # the last month's inquiries are told where to ask and by when they will be answered
                    **(
                        {"promise_due": at(reported + timedelta(hours=4)), "promise_where": "客服中心前台"}
                        if kind == "inquiry" and ctx.now - reported < timedelta(days=31)
                        else {}
                    ),
                ),
            )
            age = ctx.now - reported
            t = reported
            if kind == "repair":
                # late arrivals happen: about one in eight
                limit = {"urgent": 10, "high": 15, "normal": 240}[priority]
                late = rng.random() < 0.12
                if late and priority == "normal":  # a normal repair is late when it waits till tomorrow
                    arrive_gap = (
                        datetime.combine(day + timedelta(days=1), datetime.min.time(), tzinfo=tz)
                        + timedelta(hours=9)
                        - reported
                        - timedelta(minutes=3)
                    )
                else:
                    arrive_gap = timedelta(
                        minutes=rng.randrange(limit + 1, limit * 2 + 5) if late else rng.randrange(2, max(3, limit - 3))
                    )
                steps = [
                    ("dispatch", timedelta(minutes=rng.randrange(1, 4))),
                    ("arrive", arrive_gap),
                    ("resolve", timedelta(minutes=rng.randrange(15, 150))),
                    ("reply", timedelta(minutes=rng.randrange(30, 600))),
                    ("close", timedelta(hours=rng.randrange(12, 30))),
                ]
            elif kind == "complaint":
                steps = [
                    ("dispatch", timedelta(minutes=rng.randrange(5, 60))),
                    ("resolve", timedelta(hours=rng.randrange(2, 30))),
                    ("reply", timedelta(hours=rng.randrange(1, 8))),
                    ("analyse", timedelta(hours=rng.randrange(1, 24))),
                    ("close", timedelta(hours=rng.randrange(24, 72))),
                ]
            else:
                steps = [
                    ("resolve", timedelta(minutes=rng.randrange(2, 240))),
                    ("reply", timedelta(minutes=rng.randrange(1, 120))),
                    ("close", timedelta(hours=rng.randrange(2, 48))),
                ]
            for step, gap in steps:
                t = t + gap
                if t > ctx.now - timedelta(minutes=5) or (age < timedelta(days=2) and rng.random() < 0.35):
                    break  # recent work stays open, so `report due` has something to show
                who = as_(rng.choice(engineers)) if step in ("arrive", "resolve") and kind == "repair" else clerk
                if step == "dispatch":
                    svc.dispatch(store, who, tid, rng.choice(engineers) if kind == "repair" else "security", at(t))
                    if kind == "complaint":  # handed to the department with the 故障转呈单; it commits at once
                        svc.transfer(store, who, tid, "security", at(t + timedelta(hours=2)), at(t))
                        svc.commit(store, as_("安管部"), tid, "security", at(t + timedelta(days=1)), at(t))
                elif step == "arrive":
                    svc.arrive(store, who, tid, at(t))
                elif step == "resolve":
                    if kind == "complaint":  # the department reports back, then the office resolves
                        svc.feedback(store, as_("安管部"), tid, "security", "已处理并整改", at(t))
                    svc.resolve(store, who, tid, "已处理完毕" if kind != "repair" else "已维修", at(t))
                elif step == "reply":
                    svc.reply(store, who, tid, "phone", "已电话告知处理结果", at(t))
                elif step == "analyse":
                    svc.analyse(store, as_("林晓东"), tid, "巡查不到位", "增加巡查频次并纳入考核", at(t))
                elif step == "close":
                    if kind == "complaint" and rng.random() < 0.08 and not q.ticket(store, tid)["escalation"]:
                        svc.escalate(store, as_("林晓东"), tid, "compensation", at(t))
                        cb = cq.open_callbacks(store, tid, "escalation")[0]
                        done = t + timedelta(days=2)
                        if done < ctx.now:
                            cbs.record_callback(
                                store,
                                as_("肖琳"),
                                cb["id"],
                                "phone",
                                "公司已赔付，客户接受",
                                "satisfied",
                                False,
                                at(done),
                            )
                            t = done + timedelta(hours=1)
                    for cb in cq.open_callbacks(store, tid, "complaint"):
                        if t < ctx.now:
                            cbs.record_callback(
                                store,
                                as_("林晓东"),
                                cb["id"],
                                "phone",
                                "客户认可处理结果",
                                rng.choice(GRADES),
                                False,
                                at(t),
                            )
                    if t < ctx.now and not svc.rules.close_blockers(q.ticket(store, tid), cq.callbacks_for(store, tid)):
                        svc.close(store, clerk, tid, at(t))
        day += timedelta(days=1)

    # weekly samples of every ended week, and their callbacks done within a few days
    monday = start - timedelta(days=start.weekday()) + timedelta(days=7)
    reworked = False
    while monday + timedelta(days=7) <= ctx.now.date():
        drawn = datetime.combine(monday + timedelta(days=7), datetime.min.time(), tzinfo=tz) + timedelta(hours=8)
        if drawn >= ctx.now:
            break
        week = week_of(monday)
        sample = cbs.draw_sample(store, as_("林晓东"), week, int(week.replace("-W", "")), None, False, None, at(drawn))
        for tid in sample[0]["ticket_ids"]:
            cb = [c for c in cq.callbacks_for(store, tid) if c["kind"] == "sample" and c["state"] == "open"][0]
            when = drawn + timedelta(hours=rng.randrange(2, 96))
            if when >= ctx.now or (drawn > ctx.now - timedelta(days=14) and rng.random() < 0.3):
                continue  # the latest weeks' calls are partly still to do
            # one defect persists, in a week of last month, so the README's report shows a re-repair
            persists = not reworked and ctx.now - timedelta(days=50) < drawn < ctx.now - timedelta(days=25)
            done = cbs.record_callback(
                store,
                as_(rng.choice(clerks)),
                cb["id"],
                "phone",
                "仍有渗水" if persists else "维修效果良好",
                "dissatisfied" if persists else rng.choice(GRADES),
                persists,
                at(when),
            )
            if persists:  # the re-repair is worked, and its special callback made within 24 h
                reworked = True
                rid, t = done["rework_ticket_id"], when
                for step, gap in (("dispatch", 5), ("arrive", 9), ("resolve", 90), ("reply", 30)):
                    t += timedelta(minutes=gap)
                    who = as_("刘强") if step in ("arrive", "resolve") else as_("林晓东")
                    if step == "dispatch":
                        svc.dispatch(store, who, rid, "刘强", at(t))
                    elif step == "arrive":
                        svc.arrive(store, who, rid, at(t))
                    elif step == "resolve":
                        svc.resolve(store, who, rid, "重新做防水处理", at(t))
                    else:
                        svc.reply(store, who, rid, "phone", "已重新维修", at(t))
                special = cq.open_callbacks(store, rid, "special")[0]
                cbs.record_callback(
                    store,
                    as_("林晓东"),
                    special["id"],
                    "visit",
                    "已不再渗水",
                    "satisfied",
                    False,
                    at(t + timedelta(hours=20)),
                )
                svc.close(store, as_("林晓东"), rid, at(t + timedelta(hours=21)))
        monday += timedelta(days=7)


VISIT_ITEMS = [
    ("cleaning", "suggestion", "楼道需加强清洁"),
    ("greening", "opinion", "绿化修剪及时，满意"),
    ("order_security", "complaint", "夜间外来车辆乱停"),
    ("facilities", "need", "希望增加儿童滑梯"),
    ("repair_service", "repair", "阳台地漏返味"),
    ("convenience", "inquiry", "能否代收大件快递"),
    ("culture", "suggestion", "多办亲子活动"),
    ("centre_ability", "opinion", "前台响应快"),
    ("special_difficulty", "need", "独居老人需定期探望"),
]
SURVEY_CATEGORIES = ["order_security", "cleaning", "greening", "repair_service", "facilities", "convenience"]


def visits_step(store, rng: random.Random, ctx: DemoContext):
    """Six months of visit plans and records, summaries, the June survey done and November's open."""
    from dataclasses import replace

    from commscli import clock, services
    from commscli.policy import DEFAULT
    from commscli.services import callbacks as cbs
    from commscli.services import surveys
    from commscli.services import tickets as ts
    from commscli.services import visits as vs
    from commscli.store import callbacks as cq
    from commscli.store import registry
    from commscli.store import surveys as sq
    from commscli.store import tickets as tq
    from commscli.store import visits as q
    from commscli.workdays import Calendar

    base = services.Context(DEFAULT, Calendar(), ctx.now, by="林晓东")
    tz = ctx.now.tzinfo
    f = clock.fmt

    def as_(name):
        return replace(base, by=name)

    def work_ticket(tid, t):
        """A ticket raised at review is handled like any other."""
        steps = [("resolve", 20), ("reply", 2), ("analyse", 1), ("close", 20)]
        for step, hours in steps:
            t += timedelta(hours=hours)
            if t >= ctx.now:
                return
            tk = tq.ticket(store, tid)
            if step == "analyse" and tk["kind"] != "complaint":
                continue
            if step == "resolve":
                ts.resolve(store, as_("王丽"), tid, "已安排处理", f(t), without_visit=tk["kind"] == "repair")
            elif step == "reply":
                ts.reply(store, as_("王丽"), tid, "phone", "已告知业户处理结果", f(t))
            elif step == "analyse":
                ts.analyse(store, as_("林晓东"), tid, "巡查覆盖不足", "夜间增加一次巡查", f(t))
            else:
                for cb in cq.open_callbacks(store, tid, "complaint"):
                    cbs.record_callback(store, as_("林晓东"), cb["id"], "phone", "业户认可", "satisfied", False, f(t))
                ts.close(store, as_("王丽"), tid, f(t + timedelta(minutes=5)))

    first = date(ctx.now.year, ctx.now.month, 1)
    months = [first]
    for _ in range(5):
        months.insert(0, (months[0] - timedelta(days=1)).replace(day=1))
    for m in months:
        drawn = datetime.combine(m - timedelta(days=2), time(9), tzinfo=tz)
        vs.plan(store, as_("林晓东"), OFFICE["code"], m.year, m.month, int(m.strftime("%Y%m")), False, None, f(drawn))
        plan = q.active_plan(store, ctx.office_id, m.strftime("%Y-%m"))
        for item in q.plan_items(store, plan["id"]):
            day = m + timedelta(days=rng.randrange(0, 27))
            start = datetime.combine(day, time(rng.choice((10, 14, 16, 19, 20))), tzinfo=tz)
            if start >= ctx.now - timedelta(hours=2) or rng.random() < 0.08:
                continue  # not every planned household is reached
            visitors = [item["staff"] or "林晓东"] + (
                ["王丽"] if rng.random() < 0.3 and item["staff"] != "王丽" else []
            )
            items = [rng.choice(VISIT_ITEMS) for _ in range(rng.choice((0, 1, 1, 2)))]
            vid = vs.record(
                store,
                as_(visitors[0]),
                dict(
                    office=OFFICE["code"],
                    household_id=item["household_id"],
                    visitors=visitors,
                    method="home",
                    appointment_at=f(start - timedelta(days=1)),
                    started_at=f(start),
                    items=items,
                    signed=rng.random() > 0.06,
                    private="家中老人行动不便" if rng.random() < 0.05 else None,
                ),
            )
            late = rng.random() < 0.07
            sub = start + timedelta(days=2, hours=3) if late else start + timedelta(hours=rng.randrange(1, 20))
            if sub >= ctx.now:
                continue
            vs.submit(store, as_(visitors[0]), vid, f(sub))
            rev = sub + timedelta(hours=rng.randrange(1, 30))
            if rev >= ctx.now:
                continue
            for tid in vs.review(store, as_("林晓东"), vid, f(rev))["tickets"]:
                work_ticket(tid, rev)
        # the summary: by the 5th (once a little late), approved within 2 working days
        nxt = (m + timedelta(days=32)).replace(day=1)
        done = datetime.combine(nxt + timedelta(days=6 if m == months[1] else rng.randrange(1, 4)), time(17), tzinfo=tz)
        if done < ctx.now:
            vs.complete_summary(store, as_("林晓东"), OFFICE["code"], m.year, m.month, f(done))
            ok = datetime.combine(base.calendar.add(done.date(), 1), time(11), tzinfo=tz)
            if ok < ctx.now:
                vs.approve_summary(
                    store,
                    as_("陈建国"),
                    OFFICE["code"],
                    m.year,
                    m.month,
                    "加强夜间巡查；楼道保洁频次由每日一次增至两次",
                    "地下车库排水改造需公司立项" if m == months[2] else None,
                    f(ok),
                )

    # surveys: June's complete; November's returns are coming in
    hh = registry.occupied_ids(store)
    for season, share in ((date(ctx.now.year, 6, 1), 0.66), (date(ctx.now.year, 11, 1), 0.52)):
        opened = datetime.combine(season, time(9), tzinfo=tz)
        if opened >= ctx.now:
            continue
        surveys.open_survey(store, as_("林晓东"), OFFICE["code"], season.year, season.month, None, f(opened))
        name = season.strftime("%Y-%m")
        for hid in rng.sample(hh, int(len(hh) * share)):
            when = opened + timedelta(hours=rng.randrange(2, 24 * 26))
            if when >= ctx.now:
                continue
            grades = {c: rng.choice(GRADES) for c in SURVEY_CATEGORIES}
            opinion = (
                rng.choice(["电梯高峰期等候时间长", "希望增加儿童游乐设施", "车库照明不足"])
                if rng.random() < 0.12
                else None
            )
            surveys.record_return(store, as_("王丽"), OFFICE["code"], name, hid, grades, opinion, f(when))
        end = datetime.combine(
            date.fromisoformat(sq.survey(store, ctx.office_id, name)["deadline"]) + timedelta(days=1),
            time(9),
            tzinfo=tz,
        )
        if end >= ctx.now:
            continue
        surveys.close(store, as_("林晓东"), OFFICE["code"], name, f(end))
        for cb in cq.open_callbacks_of_kind(store, "survey"):
            cbs.record_callback(
                store,
                as_("王丽"),
                cb["id"],
                "phone",
                "已向业户说明改进计划",
                rng.choice(GRADES),
                False,
                f(end + timedelta(days=2)),
            )
        analysed = end + timedelta(days=4)
        surveys.analyse(
            store,
            as_("林晓东"),
            OFFICE["code"],
            name,
            "总体满意率较上期略升；电梯与车库为主要关注点",
            "电梯：高峰期增派引导员并申请加装一部；车库：照明更换为 LED，8 月完成",
            f(analysed),
        )
        surveys.post_results(store, as_("林晓东"), OFFICE["code"], name, f(analysed + timedelta(days=3)))

    # new residents of the last two months get their callback; the earlier ones are done
    cbs.new_resident_callbacks(store, as_("王丽"), ctx.at)
    for cb in cq.open_callbacks_of_kind(store, "new_resident"):
        when = datetime.combine(date.fromisoformat(cb["move_in"]) + timedelta(days=20), time(15), tzinfo=tz)
        if when < ctx.now - timedelta(days=1):
            cbs.record_callback(
                store,
                as_("王丽"),
                cb["id"],
                "phone",
                "入住顺利，门禁卡已办",
                "very_satisfied",
                False,
                max(ctx.at, f(when)),
            )


SERVICES = [  # the price list of the service guide (服务指南): name, hours, price (yuan; 0 free), unit
    ("代收快递", "8:00-20:00", 0, None),
    ("家电使用咨询", "8:00-18:00", 0, None),
    ("更换灯泡", "8:00-18:00", 5, "个"),
    ("更换水龙头", "8:00-18:00", 20, "个"),
    ("疏通下水道", "8:00-20:00", 50, "次"),
    ("更换马桶配件", "8:00-18:00", 40, "次"),
    ("更换门锁", "8:00-18:00", 60, "把"),
    ("空调清洗", "8:00-18:00", 80, "台"),
    ("家庭保洁", "8:00-18:00", 35, "小时"),
    ("开荒保洁", "8:00-18:00", 6, "平方米"),
    ("搬家协助", "8:00-18:00", 50, "小时"),
    ("代办车位月卡", "9:00-17:00", 0, None),
]
LETTERS = [  # the letters register: (days before now, in/out, party, subject)
    (40, "in", "业主委员会", "关于地下车库照明的意见"),
    (35, "out", "业主委员会", "车库照明整改答复"),
    (24, "in", "街道办事处", "冬季消防安全检查通知"),
    (17, "out", "街道办事处", "消防检查整改情况报告"),
    (9, "in", "8栋业户代表", "关于电梯噪音的联名信"),
    (4, "out", "8栋业户代表", "电梯噪音处理答复"),
]


def desk_registers_step(store, rng: random.Random, ctx: DemoContext):
    """The service guide's price list, three months of weekly suggestion-box openings with the tickets made
    from them, the letters register, and paid repairs quoted against the price list (issue 11)."""
    from dataclasses import replace

    from commscli import clock, services
    from commscli.policy import DEFAULT
    from commscli.services import box, guide, letters
    from commscli.services import tickets as svc
    from commscli.store import registry
    from commscli.workdays import Calendar

    base = services.Context(DEFAULT, Calendar(), ctx.now, by="林晓东")
    tz = ctx.now.tzinfo
    f = clock.fmt

    def as_(name):
        return replace(base, by=name)

    listed = ctx.now - timedelta(days=150)
    for name, hours, price, unit in SERVICES:
        guide.add(
            store,
            as_("林晓东"),
            OFFICE["code"],
            dict(name=name, hours=hours, phone=OFFICE["phone"], price_fen=price * 100, unit=unit),
            f(listed),
        )
    cleaning = next(s["id"] for s in registry_services(store) if s["name"] == "家庭保洁")
    guide.update(
        store, as_("林晓东"), cleaning, {"price_fen": 4000}, "保洁人工成本上调", f(ctx.now - timedelta(days=60))
    )

    hh = registry.occupied_ids(store)
    # weekly openings, Mondays 09:00; some of what is found becomes a suggestion or a complaint
    day = (ctx.now - timedelta(days=91)).date()
    day += timedelta(days=(7 - day.weekday()) % 7)
    while True:
        opened = datetime.combine(day, time(9), tzinfo=tz)
        if opened > ctx.now - timedelta(hours=2):
            break
        found = rng.choice((0, 1, 1, 2, 3))
        made = []
        for i in range(rng.randint(0, found)):
            reported = opened + timedelta(minutes=20 + 5 * i)
            tid = svc.new_ticket(
                store,
                as_("王丽"),
                dict(
                    office=OFFICE["code"],
                    kind="suggestion",
                    channel="suggestion_box",
                    category=rng.choice(["order_security", "cleaning", "greening", "facilities"]),
                    household_id=rng.choice(hh),
                    description=rng.choice(SUGGESTIONS),
                    reported_at=f(reported),
                ),
            )
            made.append(tid)
            if reported + timedelta(days=2) < ctx.now:  # answered within the two working days
                svc.resolve(store, as_("林晓东"), tid, "已研究并落实", f(reported + timedelta(days=1)))
                svc.reply(
                    store, as_("王丽"), tid, "phone", "已电话告知业户处理结果", f(reported + timedelta(days=1, hours=2))
                )
                svc.close(store, as_("王丽"), tid, f(reported + timedelta(days=1, hours=3)))
        box.open_box(store, as_("王丽"), OFFICE["code"], found, made, None, f(opened))
        day += timedelta(days=7)

    for days, direction, party, subject in LETTERS:
        when = ctx.now - timedelta(days=days)
        letters.register(
            store,
            as_("曾华"),
            OFFICE["code"],
            direction,
            party,
            subject,
            when.date(),
            None,
            f(when.replace(microsecond=0)),
        )

    # paid repairs of the last weeks, quoted against the list (one off the list, with its reason)
    for days, service, price, reason in (
        (20, "疏通下水道", "50", None),
        (12, "更换门锁", "80", "需更换锁芯"),
        (5, "空调清洗", "80", None),
    ):
        reported = (ctx.now - timedelta(days=days)).replace(hour=9, minute=0, second=0, microsecond=0)
        tid = svc.new_ticket(
            store,
            as_("赵婷"),
            dict(
                office=OFFICE["code"],
                kind="repair",
                channel="hotline",
                category="repair_service",
                priority="normal",
                household_id=rng.choice(hh),
                description=f"{service}（有偿）",
                reported_at=f(reported),
                paid=1,
            ),
        )
        t = reported
        svc.dispatch(store, as_("赵婷"), tid, "刘强", f(t + timedelta(minutes=5)))
        svc.arrive(store, as_("刘强"), tid, f(t + timedelta(minutes=50)))
        svc.quote(
            store,
            as_("刘强"),
            tid,
            price,
            f(t + timedelta(minutes=55)),
            at=f(t + timedelta(minutes=56)),
            service=service,
            reason=reason,
        )
        svc.resolve(store, as_("刘强"), tid, "已完成，客户确认", f(t + timedelta(hours=2)))
        svc.reply(store, as_("赵婷"), tid, "phone", "已告知处理结果及费用", f(t + timedelta(hours=3)))
        svc.close(store, as_("赵婷"), tid, f(t + timedelta(hours=4)))


def registry_services(store) -> list[dict]:
    from commscli.store import guide

    return guide.services(store)


def notices_step(store, rng: random.Random, ctx: DemoContext):
    """A season of notices: publicity refreshed monthly (one month missed), a pest control with warning signs,
    a power cut told in time, an emergency power cut with its reason, community events, the June survey's
    results notice, lost property told one to one, and a water cut planned but not posted yet."""
    from dataclasses import replace

    from commscli import clock, services
    from commscli.domain.notices import last_day_before
    from commscli.policy import DEFAULT
    from commscli.services import notices as ns
    from commscli.store import surveys as sq
    from commscli.workdays import Calendar

    base = services.Context(DEFAULT, Calendar(), ctx.now, by="王丽")
    cal, tz, f = base.calendar, ctx.now.tzinfo, clock.fmt
    today = ctx.now.date()

    def at(day, hour, minute=0):
        return datetime.combine(day, time(hour, minute), tzinfo=tz)

    def weekday_back(days):
        """A working Monday–Friday about ``days`` before today (pest control may not touch a rest day)."""
        d = today - timedelta(days=days)
        while not cal.is_workday(d) or d.weekday() >= 5:
            d -= timedelta(days=1)
        return d

    def new(who, told, **data):
        nid = ns.new_notice(store, replace(base, by=who), dict(office=OFFICE["code"], posted_at=f(told), **data))
        return nid

    def post(nid, when, who="王丽", **kw):
        ns.post(store, replace(base, by=who), nid, at=f(when), **kw)

    # publicity: the board refreshed early each month; the month three months back was missed
    first = date(today.year, today.month, 1)
    months = [first]
    for _ in range(5):
        months.insert(0, (months[0] - timedelta(days=1)).replace(day=1))
    for m in months:
        if m == months[2]:
            continue
        told = at(m + timedelta(days=2), 9)
        if told >= ctx.now:
            continue
        nid = new(
            "周敏",
            told,
            kind="publicity",
            title=f"{m.month}月宣传栏：冬季消防安全" if m.month in (11, 12, 1, 2) else f"{m.month}月宣传栏：文明养犬",
            body="请勿在楼道堆放杂物；电动车不得进楼充电。",
            effective_from=f(told),
        )
        post(nid, told, who="周敏")

    # pest control on a working weekday, told the day before, warning signs up
    day = weekday_back(20)
    start = at(day, 9)
    nid = new(
        "王丽",
        start - timedelta(hours=20),
        kind="pest",
        title="小区消杀通知",
        body="环境部将对各楼栋地下室、垃圾房进行消杀作业。",
        advice="作业期间请关好门窗，照看好儿童和宠物，勿触碰警示区域。",
        effective_from=f(start),
        effective_to=f(start + timedelta(hours=3)),
        dept_notified_at=f(start - timedelta(hours=30)),
    )
    post(nid, start - timedelta(hours=19), signs=True)

    # a power cut for maintenance, told two days before
    day = weekday_back(14)
    start = at(day, 13)
    nid = new(
        "王丽",
        start - timedelta(hours=48),
        kind="power_cut",
        title="计划停电通知",
        body="供电局检修线路，届时小区公共区域及各楼栋停电。",
        advice="请提前关闭大功率电器，电梯停运期间请走楼梯。",
        effective_from=f(start),
        effective_to=f(start + timedelta(hours=4)),
        dept_notified_at=f(start - timedelta(hours=72)),
    )
    post(nid, start - timedelta(hours=47))

    # an emergency power cut: a switchgear fault, told 20 minutes before
    start = at(today - timedelta(days=6), 15, 20)
    nid = new(
        "赵婷",
        start - timedelta(minutes=20),
        kind="power_cut",
        title="紧急停电通知",
        body="3栋配电柜故障，需紧急断电抢修。",
        advice="请关闭大功率电器，电梯停运期间请走楼梯。",
        effective_from=f(start),
        effective_to=f(start + timedelta(hours=5)),
        emergency=True,
        reason="配电柜故障冒烟，须立即断电抢修",
    )
    post(nid, start - timedelta(minutes=15), who="赵婷")
    post(nid, start - timedelta(minutes=10), who="赵婷", method="wechat")

    # community events, posted on the day 3 working days before
    for back, title in ((25, "重阳节敬老茶话会"), (9, "业主亲子运动会")):
        event_day = today - timedelta(days=back)
        told = at(last_day_before(event_day, DEFAULT.notice_event_resident_workdays, cal) - timedelta(days=1), 10)
        nid = new(
            "孙欣怡",
            told,
            kind="event",
            title=title,
            body="地点：小区中心花园。欢迎业主踊跃参加。",
            effective_from=f(at(event_day, 15)),
            effective_to=f(at(event_day, 17)),
        )
        post(nid, told + timedelta(minutes=30), who="孙欣怡")

    # the June survey's results, posted when the survey step posted them
    june = sq.survey(store, ctx.office_id, f"{today.year}-06")
    if june and june["analysed_at"] and june["results_posted_at"]:
        nid = new(
            "林晓东",
            datetime.fromisoformat(june["results_posted_at"]),
            kind="survey_results",
            title=f"{today.year}年6月业户满意度调查结果公告",
            body="本次调查结果及对共性问题的答复见附件，感谢各位业户的参与。",
            effective_from=june["results_posted_at"],
            survey=june["season"],
        )
        post(nid, datetime.fromisoformat(june["results_posted_at"]), who="林晓东")

    # lost property told one to one the next morning
    found = at(today - timedelta(days=4), 18)
    told = at(cal.add(found.date(), 1), 10)
    if told < ctx.now:
        from commscli.store import registry

        hid = registry.occupied_ids(store)[3]
        nid = new(
            "王丽",
            told,
            kind="loss",
            title="代收快递破损告知",
            body="您在前台代收的快递外包装破损，请来前台查验。",
            effective_from=f(told),
            since=f(found),
            households=[hid],
        )
        post(nid, told, method="phone")

    # a water cut planned for the coming days: recorded, not posted yet (report due lists it)
    start = at(today + timedelta(days=3), 9)
    new(
        "王丽",
        ctx.now - timedelta(minutes=30),
        kind="water_cut",
        title="清洗水箱停水通知",
        body="二次供水水箱清洗消毒，届时各楼栋停水。",
        advice="请提前储水。",
        effective_from=f(start),
        effective_to=f(start + timedelta(hours=6)),
        dept_notified_at=f(ctx.now - timedelta(hours=2)),
    )


def followups_step(store, rng: random.Random, ctx: DemoContext):
    """Visit follow-ups (issue 11), on a random stream of their own so the months before stay as they were:
    a few important customers (six, five of them visited at home within the week after June's analysis),
    and this month's visits with items that ask for feedback, some given face to face, some still owed."""
    from dataclasses import replace

    from commscli import clock, services
    from commscli.policy import DEFAULT
    from commscli.services import registry as regs
    from commscli.services import tickets as ts
    from commscli.services import visits as vs
    from commscli.store import registry
    from commscli.store import surveys as sq
    from commscli.store import visits as q
    from commscli.workdays import Calendar

    rng = random.Random(f"followups-{ctx.now.date().isoformat()}")
    base = services.Context(DEFAULT, Calendar(), ctx.now, by="林晓东")
    tz, f = ctx.now.tzinfo, clock.fmt

    def as_(name):
        return replace(base, by=name)

    hh = sorted(registry.occupied_ids(store))
    important = rng.sample(hh, 6)
    for hid in important:
        regs.update(store, as_("林晓东"), "households", hid, {"important": 1}, "业委会委员（重要客户）", ctx.at)
    june = sq.survey(store, ctx.office_id, f"{ctx.now.year}-06")
    if june and june["analysed_at"]:
        analysed = datetime.fromisoformat(june["analysed_at"])
        for n, hid in enumerate(important[:5]):
            start = datetime.combine(analysed.date() + timedelta(days=1 + n), time(19), tzinfo=tz)
            vid = vs.record(
                store,
                as_("陈建国"),
                dict(
                    office=OFFICE["code"],
                    household_id=hid,
                    visitors=["陈建国", "林晓东"],
                    method="home",
                    appointment_at=f(start - timedelta(days=1)),
                    started_at=f(start),
                    items=[("other", "opinion", "感谢登门听取调查意见")],
                    signed=True,
                ),
            )
            vs.submit(store, as_("陈建国"), vid, f(start + timedelta(hours=14)))
            vs.review(store, as_("林晓东"), vid, f(start + timedelta(hours=16)))
    # last month (the month `report monthly` shows): visits whose items ask for feedback
    first = (date(ctx.now.year, ctx.now.month, 1) - timedelta(days=1)).replace(day=1)
    asked = [
        ("cleaning", "suggestion", "垃圾桶清洗不及时", True),
        ("order_security", "need", "单元门夜间巡查", True),
        ("greening", "opinion", "修剪后碎草未清", True),
        ("convenience", "inquiry", "能否代收大件快递", False),
    ]
    for n, hid in enumerate(rng.sample([h for h in hh if h not in important], 6)):
        start = datetime.combine(first + timedelta(days=3 + 4 * n), time(15), tzinfo=tz)
        if start >= ctx.now - timedelta(days=3):
            break
        items = [asked[n % 3], asked[3]] if n % 2 else [asked[n % 3]]
        vid = vs.record(
            store,
            as_("王丽"),
            dict(
                office=OFFICE["code"],
                household_id=hid,
                visitors=["王丽"],
                method="office",
                started_at=f(start),
                items=items,
                signed=True,
            ),
        )
        vs.submit(store, as_("王丽"), vid, f(start + timedelta(hours=2)))
        vs.review(store, as_("林晓东"), vid, f(start + timedelta(hours=20)))
        for item in q.visit_items(store, vid):
            when = start + timedelta(days=1, hours=2)
            if item["ticket_id"]:
                ts.resolve(store, as_("王丽"), item["ticket_id"], "已安排处理", f(when))
                ts.reply(
                    store, as_("王丽"), item["ticket_id"], "phone", "已告知业户处理结果", f(when + timedelta(hours=1))
                )
            if item["wants_feedback"] and n < 4 and when + timedelta(days=1) < ctx.now:
                vs.feedback(store, as_("王丽"), item["id"], "已当面告知处理结果", f(when + timedelta(days=1)))


def relayed_step(store, rng: random.Random, ctx: DemoContext):
    """Last month's communications relayed by a department or a staff member (部门转递, 000 §五(五)4): four
    tickets, three answered and one still open; no random draws, so the demo before stays as it was."""
    from dataclasses import replace

    from commscli import clock, services
    from commscli.domain.reports import previous_month
    from commscli.policy import DEFAULT
    from commscli.services import tickets as svc
    from commscli.store import registry
    from commscli.workdays import Calendar

    base = services.Context(DEFAULT, Calendar(), ctx.now, by="王丽")
    f = clock.fmt
    year, month = previous_month(ctx.now.date())
    hh = sorted(registry.occupied_ids(store))
    for n, (day, by, kind, text, done) in enumerate(
        (
            (6, "security", "complaint", "楼道堆放杂物", True),
            (13, "刘强", "repair", "阳台地漏返味", True),
            (20, "cleaning", "suggestion", "增设分类垃圾桶", True),
            (27, "engineering", "inquiry", "电梯年检时间", False),
        )
    ):
        reported = ctx.now.replace(year=year, month=month, day=day, hour=10, minute=15, second=0, microsecond=0)
        tid = svc.new_ticket(
            store,
            base,
            dict(
                office=OFFICE["code"],
                kind=kind,
                channel="relayed",
                relayed_by=by,
                household_id=hh[7 * n + 3],
                description=text,
                reported_at=f(reported),
            ),
        )
        if done:
            if kind == "repair":
                svc.dispatch(store, replace(base, by="王丽"), tid, "刘强", f(reported + timedelta(minutes=5)))
                svc.arrive(store, replace(base, by="刘强"), tid, f(reported + timedelta(minutes=40)))
            svc.resolve(store, replace(base, by="林晓东"), tid, "已处理", f(reported + timedelta(hours=5)))
            svc.reply(store, base, tid, "phone", "已电话告知业户", f(reported + timedelta(hours=6)))


def staff_channels_step(store, rng: random.Random, ctx: DemoContext):
    """Issue 14's staff channels, with no random draws: last month an appeal answered after the superior's week,
    which went to general affairs and was handled in time, and a suggestion answered in time; this month an
    appeal still with the superior. The president's mailbox: an anonymous letter answered by a company document,
    a signed one answered face to face by the manager; last year's staff needs survey and its answer."""
    from dataclasses import replace

    from commscli import clock, services
    from commscli.domain.reports import previous_month
    from commscli.policy import DEFAULT
    from commscli.services import appeals, mailbox
    from commscli.workdays import Calendar

    base = services.Context(DEFAULT, Calendar(), ctx.now, by="王丽")
    f = clock.fmt
    year, month = previous_month(ctx.now.date())

    def at(day, hour, minute=0, y=year, m=month):
        return f(ctx.now.replace(year=y, month=m, day=day, hour=hour, minute=minute, second=0, microsecond=0))

    def by(name):
        return replace(base, by=name)

    code = OFFICE["code"]
    late = appeals.new_appeal(
        store,
        by("王丽"),
        office=code,
        kind="appeal",
        staff="王丽",
        superior="林晓东",
        text="夜班补贴未按新标准发放",
        at=at(12, 9, 30),
    )
    appeals.answer(store, by("林晓东"), late, "已报财务核对", at(21, 16))  # the week ended on the 19th
    appeals.handle(store, by("曾华"), late, "按新标准补发上月夜班补贴", at(23, 10))
    kept = appeals.new_appeal(
        store,
        by("周敏"),
        office=code,
        kind="suggestion",
        staff="周敏",
        superior="林晓东",
        text="大堂增设雨伞架",
        at=at(15, 11),
    )
    appeals.answer(store, by("林晓东"), kept, "同意，本月内增设", at(16, 9))
    appeals.new_appeal(
        store,
        by("罗涛"),
        office=code,
        kind="appeal",
        staff="罗涛",
        superior="陈建国",
        text="排班连续夜班超过一周",
        at=f((ctx.now - timedelta(days=2)).replace(hour=8, minute=30, second=0, microsecond=0)),
    )
    anonymous = mailbox.new_letter(
        store, by("曾华"), office=code, sender=None, text="宿舍热水供应时间太短", at=at(9, 17)
    )
    mailbox.answer(store, by("曾华"), anonymous, "document", "发文：宿舍热水延长至 23:00", at(20, 10))
    signed = mailbox.new_letter(
        store,
        by("曾华"),
        office=code,
        sender="许秀英",
        text="保洁工具更换周期过长",
        at=at(5, 17),
    )
    mailbox.answer(
        store,
        by("陈建国"),
        signed,
        "face_to_face",
        "已当面沟通，工具按月更换",
        at(12, 15),
    )
    last = ctx.now.year - 1
    mailbox.hold_survey(store, by("曾华"), office=code, year=last, held_at=at(16, 14, y=last, m=12), note="问卷 46 份")
    mailbox.answer_survey(
        store,
        by("曾华"),
        office=code,
        year=last,
        text="发文：员工需求普查答复（福利与排班）",
        at=at(28, 9, y=last, m=12),
    )


def info_step(store, rng: random.Random, ctx: DemoContext):
    """The information register (issue 14), with no random draws: the management representative registered;
    last week an external notice distributed, an internal entry and an urgent one sent on and reported; the
    week before an entry never reviewed (flagged, overdue); this week an urgent entry sent on whose report is
    missing; last week reviewed at this week's company meeting."""
    from dataclasses import replace

    from commscli import clock, services
    from commscli.policy import DEFAULT
    from commscli.services import info as svc
    from commscli.services import meetings
    from commscli.store import registry
    from commscli.workdays import Calendar

    f = clock.fmt
    base = services.Context(DEFAULT, Calendar(), ctx.now, by="肖琳")
    registry.add(
        store,
        replace(base, by=ctx.by),
        "staff",
        dict(office=OFFICE["code"], name="钱立新", role="management_rep", buildings="[]", active=1),
        ctx.at,
    )
    monday = datetime.combine(ctx.now.date() - timedelta(days=ctx.now.weekday()), time(), tzinfo=ctx.now.tzinfo)

    def at(days: int, hour: int, minute: int = 0) -> datetime:
        return min(monday + timedelta(days=days, hours=hour, minutes=minute), ctx.now - timedelta(minutes=30))

    def log(when: datetime, source: str, text: str, **marks) -> int:
        data = dict(office=OFFICE["code"], source=source, text=text, logged_at=f(when), **marks)
        return svc.log_entry(store, replace(base, now=when), data)

    log(at(-10, 15), "工程部", "二次供水水箱清洗安排调整")
    e = log(at(-6, 10), "街道办事处", "冬季消防安全检查通知", external=True)
    svc.distribute(store, base, e, ["陈建国", "林晓东", "高军"], f(at(-5, 9)))
    log(at(-5, 14), "工程部", "电梯维保单位更换")
    e = log(at(-4, 21, 40), "安管部", "地下车库消防管道爆裂，已关阀", urgent=True)
    svc.send(store, base, e, f(at(-4, 21, 50)))
    svc.report(store, base, e, "管道老化、冬季低温冻裂", "更换老化管段，入冬前加装保温层", f(at(-2, 16)))
    e = log(at(0, 7, 20), "客服中心", "多户业主反映 6栋 燃气异味", urgent=True)
    svc.send(store, base, e, f(at(0, 7, 30)))
    starts = min(monday + timedelta(hours=9), ctx.now - timedelta(hours=1))
    from commscli.store import meetings as meeting_rows
    from commscli.store.registry import office_ids

    office_id = office_ids(store)[OFFICE["code"]]
    this_week = meeting_rows.of_type_between(store, office_id, "company", f(monday), f(monday + timedelta(days=7)))
    this_week = [m for m in this_week if m["starts_at"] <= f(ctx.now - timedelta(hours=1))]
    if this_week:  # the cadence's company meeting (meetings_step planned it): held, and the review minuted at it
        mid = this_week[0]["id"]
        starts = datetime.fromisoformat(this_week[0]["starts_at"])
        signed = {a["name"] for a in meeting_rows.attendance(store, mid) if a["signed_at"]}
        for name in ("陈建国", "林晓东", "肖琳", "钱立新"):  # after Monday, meetings_step signed some in already
            if name not in signed:
                meetings.attend(store, replace(base, by=ctx.by), mid, name, f(starts + timedelta(minutes=2)))
    else:
        mid = meetings.new_meeting(
            store,
            replace(base, by=ctx.by),
            dict(
                office=OFFICE["code"],
                type="company",
                starts_at=f(starts),
                ends_at=f(starts + timedelta(minutes=50)),
                place="公司会议室",
                chair="陈建国",
                attendees=["林晓东", "肖琳", "钱立新"],
                title="公司周例会",
            ),
        )
    from commscli.domain.info import week_of

    svc.reviewed(store, base, week_of((monday - timedelta(days=7)).date()), mid, f(starts + timedelta(minutes=50)))


# a department's weekly meeting: who chairs it (003 篇2 §4.1.2)
DEPT_CHAIRS = {
    "customer_service": "林晓东",
    "engineering": "刘强",
    "security": "高军",
    "cleaning": "许秀英",
    "greening": "田海波",
    "general_affairs": "曾华",
    "finance": "田海波",
    "quality": "肖琳",
}


def meetings_step(store, rng: random.Random, ctx: DemoContext):
    """A quarter of meetings from the cadences: the weekly company meetings (a holiday Monday's moved to the next
    working day), the departments' before them (engineering missed one week: that company meeting is flagged),
    the morning drills, the president's office in the month's first working days (October's after National Day;
    one agenda sent late), the directors' forum, the staff assembly at month end, the owners' committee meeting
    each month (one cancelled and held again), an owners' forum; attendance signed; next week's planned."""
    from dataclasses import replace

    from commscli import clock, services
    from commscli.domain import meetings as rules
    from commscli.policy import DEFAULT
    from commscli.services import meetings as ms
    from commscli.workdays import Calendar

    base = services.Context(DEFAULT, Calendar(), ctx.now, by="曾华")
    tz, f = ctx.now.tzinfo, clock.fmt
    today = ctx.now.date()
    first, last = today - timedelta(days=91), today - timedelta(days=1)
    chairs = {"president": "董志远", "company": "陈建国", "drill": "董志远", "forum": "肖琳", "assembly": "陈建国",
              "committee": "陈建国", "board": "董志远"}  # fmt: skip
    heads = ["林晓东", "刘强", "高军", "许秀英", "曾华", "肖琳", "田海波"]
    skipped = None  # the week engineering did not meet

    def new(slot: rules.Slot, who="曾华", **extra) -> int:
        on = datetime.combine(slot.on, slot.start, tzinfo=tz)
        end = datetime.combine(slot.on, slot.end, tzinfo=tz)
        data = dict(office=OFFICE["code"], type=slot.type, dept=slot.dept, starts_at=f(on), ends_at=f(end))
        data |= dict(chair=DEPT_CHAIRS[slot.dept] if slot.dept else chairs[slot.type], place="公司会议室")
        return ms.new_meeting(store, replace(base, by=who, now=max(end, on)), {**data, **extra})

    def sign(mid: int, names: list, on: datetime):
        for i, name in enumerate(names):
            ms.attend(store, base, mid, name, f(on + timedelta(minutes=i % 5 - 5)))

    for kind in ("dept", "company", "drill", "president", "forum", "assembly", "committee"):
        # the departments meet before the quarter's first company meeting too
        start = first - timedelta(days=10) if kind == "dept" else first
        for slot in rules.slots(kind, start, last, DEFAULT, base.calendar):
            on = datetime.combine(slot.on, slot.start, tzinfo=tz)
            if kind == "dept":
                if slot.dept == "engineering" and skipped is None and slot.on > first + timedelta(days=40):
                    skipped = slot.key
                    continue
                mid = new(slot, who=DEPT_CHAIRS[slot.dept], attendees=[DEPT_CHAIRS[slot.dept]])
                sign(mid, [DEPT_CHAIRS[slot.dept]], on)
            elif kind == "company":
                mid = new(slot, attendees=heads, minute_taker="曾华")
                sign(mid, ["陈建国", *heads[: 4 + rng.randrange(3)]], on)
            elif kind == "drill":
                if rng.random() < 0.05:
                    continue  # a drill not held now and then: the cadence shows it
                mid = new(slot, who="曾华", place="公司正门口")
                sign(mid, ["董志远", "曾华", "肖琳", "田海波"], on)
            elif kind == "president":
                late = slot.on.month % 2 == 1  # every other month the agenda went out late
                sent = on - timedelta(days=5 if late else 8)
                mid = new(slot, attendees=["陈建国", "田海波", "曾华"], agenda="1. 上月工作总结\n2. 本月重点工作",
                          agenda_sent_at=f(sent))  # fmt: skip
                sign(mid, ["董志远", "陈建国", "田海波", "曾华"], on)
            elif kind == "committee":
                if slot.on.month == last.month - 1 or (last.month == 1 and slot.on.month == 12):
                    mid = new(slot, who="陈建国", place="业委会办公室")
                    ms.cancel(store, replace(base, by="陈建国"), mid, "业委会主任出差，改期", f(on - timedelta(days=2)))
                    slot = replace(slot, on=slot.on + timedelta(days=7 if slot.on.day < 20 else -7))
                    on = datetime.combine(slot.on, slot.start, tzinfo=tz)
                mid = new(slot, who="陈建国", place="业委会办公室", attendees=["林晓东"])
                sign(mid, ["陈建国", "林晓东"], on)
            else:
                mid = new(slot, attendees=["陈建国", "林晓东"] if kind == "assembly" else ["陈建国", "田海波"])
                sign(mid, ["陈建国"], on)
    # an owners' forum (业主恳谈会): no cadence
    day = last - timedelta(days=24)
    while not base.calendar.is_workday(day):
        day -= timedelta(days=1)
    on = datetime.combine(day, time(19, 0), tzinfo=tz)
    ms.new_meeting(
        store,
        replace(base, by="陈建国"),
        dict(
            office=OFFICE["code"],
            type="owners",
            title="业主恳谈会：停车管理",
            starts_at=f(on),
            ends_at=f(on + timedelta(hours=2, minutes=30)),
            place="会所多功能厅",
            chair="陈建国",
            attendees=["林晓东", "高军"],
        ),
    )  # fmt: skip  (2.5 hours: flagged)
    # next week's meetings planned from the cadences
    rows = ms.plan(store, base, today, today + timedelta(days=6))
    ms.save_plan(store, base, rows)


MEASURES = {
    "ppe": "登高作业前班组长检查安全带，未系不得作业",
    "tools": "工具每日班前检查，损坏工具停用挂牌",
    "procedures": "重申作业许可程序，作业现场每日整理",
    "position": "作业时避开车辆通道，设置警示区域",
    "reaction": "观察中发现的习惯性违章纳入班前会讨论",
    "ergonomics": "搬运超过 25 公斤时两人协作或使用推车",
}


def stop_step(store, rng: random.Random, ctx: DemoContext):
    """STOP safety observation (004 篇3): the year's plan (three teams and their areas, three crews and their
    shifts) recorded on the first of last month, and a planned card for every quota from then until yesterday
    (managers daily, each shift's leader and crew), but the supervisor missed the 10th of last month; some
    random cards; PPE found unsafe twice in one week, with its measure; a training; last month's summary sent
    up the line; the best card of the month and the best crew of a week awarded. Its own random stream, so
    the steps before stay as they were."""
    from dataclasses import replace

    from commscli import clock, services
    from commscli.domain import stop as rules
    from commscli.domain.reports import previous_month
    from commscli.policy import DEFAULT
    from commscli.services import stop as svc
    from commscli.workdays import Calendar

    rng = random.Random(1414)
    base = services.Context(DEFAULT, Calendar(), ctx.now, by="肖琳")
    f, tz = clock.fmt, ctx.now.tzinfo
    year, month = previous_month(ctx.now.date())
    first = date(year, month, 1)
    code = OFFICE["code"]
    teams = [
        rules.Unit("team", "一组", "陈建国", ("高军",), tuple(BUILDINGS[:4])),
        rules.Unit("team", "二组", "林晓东", ("谢浩然",), tuple(BUILDINGS[4:])),
        rules.Unit("team", "三组", "田海波", ("许秀英", "刘强"), ("地下车库", "会所", "设备房")),
    ]
    crews = [
        rules.Unit("crew", "保安白班", "谢浩然", ("宋飞", "唐宇"), (), (8, 20)),
        rules.Unit("crew", "保安夜班", "高军", ("罗涛", "梁鹏"), (), (20, 8)),
        rules.Unit("crew", "保洁班", "许秀英", ("韩桂兰", "邓玉", "曹萍", "彭红"), (), (8, 17)),
    ]
    svc.make_plan(store, base, code, year, teams, crews, f(datetime.combine(first, time(9), tzinfo=tz)))
    areas = [a for t in teams for a in t.areas]
    # (observers, hour): the two managers with a crew leader, the day crew, the night shift, the cleaners
    daily = [
        (("陈建国", "高军"), 10),
        (("林晓东", "谢浩然"), 15),
        (("宋飞", "唐宇"), 11),
        (("高军", "罗涛"), 22),
        (("许秀英", "韩桂兰"), 9),
    ]
    categories = list(rules.CATEGORY.values)
    ppe_week = rules.week_of(first + timedelta(days=14))
    ppe_days = 0
    cards = []
    d = first
    while d < ctx.now.date():
        for observers, hour in daily:
            if d == first + timedelta(days=9) and observers[0] == "林晓东":
                continue  # the missed day
            at = datetime.combine(d, time(hour, rng.randrange(60)), tzinfo=tz)
            if at.year != year:
                break
            category, safe = rng.choice(categories), rng.random() < 0.95
            if rules.week_of(d) == ppe_week and category == "ppe":
                category = "tools"
            if rules.week_of(d) == ppe_week and hour == 10 and ppe_days < 2:
                category, safe, ppe_days = "ppe", False, ppe_days + 1
            actions = ["praise", "thank"] if safe else ["stop", "discuss", "agree"]
            data = dict(
                office=code,
                area=rng.choice(areas),
                observers=list(observers),
                at=f(at),
                planned=True,
                category=category,
                safe=safe,
                actions=actions,
                seconds=rng.choice([45, 60, 90, 120, 180]),
                note=None if safe else "提醒注意安全，讨论更安全的做法并取得承诺",
            )
            cards.append(svc.record_card(store, replace(base, by=observers[0]), data))
        if d.weekday() == 2 and d.year == year:
            data = dict(
                office=code,
                area=rng.choice(areas),
                observers=["王丽"],
                at=f(datetime.combine(d, time(16, 30), tzinfo=tz)),
                planned=False,
                category=rng.choice(categories),
                safe=True,
                actions=["praise", "thank"],
                seconds=40,
                note=None,
            )
            svc.record_card(store, replace(base, by="王丽"), data)
        d += timedelta(days=1)
    # the weekly analysis (附录C) is a meeting (stop_analysis) on each week's day of the cadence (Friday; a holiday
    # moves it, a week of holidays has none), 16:00–17:00, chaired by the manager with the teams' and crews'
    # leaders, signed in; a measure for every recurring unsafe category set at its week's meeting (recorded after
    # the week's last card when the weekend made it recur), else (no meeting that week) the Monday after
    from commscli.domain import meetings as mrules
    from commscli.services import meetings as ms

    leaders = ["林晓东", "田海波", "高军", "许秀英", "谢浩然"]
    runs = ms.stop_runs(store, ctx.office_id)
    held = {}
    for slot in mrules.slots("stop_analysis", first, ctx.now.date(), DEFAULT, base.calendar, runs):
        on = datetime.combine(slot.on, time(16), tzinfo=tz)
        if on + timedelta(hours=1) > ctx.now:
            continue
        mid = ms.new_meeting(
            store,
            replace(base, by="陈建国", now=on + timedelta(hours=1)),
            dict(office=code, type="stop_analysis", starts_at=f(on), ends_at=f(on + timedelta(hours=1)),
                 place="管理处会议室", chair="陈建国", attendees=leaders),
        )  # fmt: skip
        for i, name in enumerate(["陈建国", *leaders]):
            ms.attend(store, base, mid, name, f(on - timedelta(minutes=6 - i)))
        topics = ["本周观察卡分类统计", "发生频次高或重复出现的不安全行为及整治措施", "观察卡填写质量"]
        ms.record_minutes(store, base, mid, dict(topics=topics, taker="田海波"), f(on + timedelta(minutes=90)))
        if on + timedelta(days=1) < ctx.now:
            ms.distribute(store, base, mid, None, f(on + timedelta(days=1)))
        held[rules.week_of(slot.on)] = (mid, on)
    this_monday = ctx.now.date() - timedelta(days=ctx.now.weekday())
    first_monday = first - timedelta(days=first.weekday())
    for r in svc.recurring_weeks(store, [ctx.office_id], first_monday, this_monday, DEFAULT, tz):
        mid, on = held.get(r["week"], (None, None))
        week_start, monday = rules.iso_week(r["week"])
        at = on + timedelta(minutes=30) if on else datetime.combine(monday, time(16), tzinfo=tz)
        unsafe = [c["at"] for c in svc.list_cards(store, base, code, week_start, monday - timedelta(days=1))
                  if c["planned"] and not c["safe"] and c["category"] == r["category"]]  # fmt: skip
        if f(at) < max(unsafe):
            at = datetime.combine(monday, time(9), tzinfo=tz)  # recurring from the weekend's cards
        text = MEASURES.get(r["category"], "班前会讲解该类风险，班组长每日抽查")
        svc.add_measure(store, base, code, r["week"], r["category"], text, f(at), mid)
    monday = rules.iso_week(ppe_week)[1]
    if monday < ctx.now.date():
        mid, on = held.get(ppe_week, (None, None))
        at = f(on + timedelta(minutes=40)) if on else f(datetime.combine(monday, time(16, 30), tzinfo=tz))
        svc.add_training(store, base, code, ppe_week, "唐宇", at, mid)
        svc.award(store, base, code, ppe_week, crew="保安夜班", reason="本周观察卡填写认真", at=at)
    # this week's analysis planned from the cadence
    ms.save_plan(store, base, [r for r in ms.plan(store, base, this_monday, this_monday + timedelta(days=6))
                               if r["type"] == "stop_analysis"])  # fmt: skip
    month_end = datetime.combine(date(year + month // 12, month % 12 + 1, 1), time(9), tzinfo=tz)
    if month_end < ctx.now:
        svc.award(
            store, base, code, f"{year:04d}-{month:02d}", card=cards[3], reason="描述清楚、措施具体", at=f(month_end)
        )
        svc.send_summary(store, base, code, f"{year:04d}-{month:02d}", "项目部质量安全环保办公室", f(month_end))


def minutes_step(store, rng: random.Random, ctx: DemoContext):
    """Meetings' minutes and resolutions (issue 13): last month a company weekly meeting minuted and distributed
    on time, one resolution done and one overdue; a directors' forum distributed late and approved; this month
    an owners' committee meeting (a promise to report back, its plan given) and an inter-department meeting
    minuted but not yet distributed nor approved; a 总裁办公会 planned next month. No random draws."""
    from dataclasses import replace

    from commscli import clock, services
    from commscli.domain.reports import previous_month
    from commscli.policy import DEFAULT
    from commscli.services import meetings as svc
    from commscli.services import resolutions as rsvc
    from commscli.workdays import Calendar

    base = services.Context(DEFAULT, Calendar(), ctx.now, by="曾华")
    f = clock.fmt
    year, month = previous_month(ctx.now.date())
    first = ctx.now.replace(year=year, month=month, day=8, hour=9, minute=0, second=0, microsecond=0)
    monday = first + timedelta(days=(7 - first.weekday()) % 7)
    forum = first.replace(day=20, hour=14)
    committee = (ctx.now - timedelta(days=10)).replace(hour=19, minute=0, second=0, microsecond=0)
    interdept = (ctx.now - timedelta(days=2)).replace(hour=15, minute=0, second=0, microsecond=0)
    nxt = (ctx.now.replace(day=1) + timedelta(days=32)).replace(day=2, hour=9, minute=0, second=0, microsecond=0)
    people = ["林晓东", "王丽", "刘强", "肖琳", "田海波"]

    def new(kind, starts, minutes, chair, title=None):
        """The meeting of that type on that day when meetings_step holds one (its cadence slot), else a new one."""
        from commscli.store import meetings as ms
        from commscli.store.registry import office_ids

        day = starts.replace(hour=0, minute=0)
        held = ms.of_type_between(store, office_ids(store)[OFFICE["code"]], kind, f(day), f(day + timedelta(days=1)))
        if held:
            return held[0]["id"]
        return svc.new_meeting(
            store,
            base,
            dict(
                office=OFFICE["code"],
                type=kind,
                title=title,
                starts_at=f(starts),
                ends_at=f(starts + timedelta(minutes=minutes)),
                place="管理处会议室",
                chair=chair,
                attendees=people,
                minute_taker="曾华",
            ),
        )

    def day(d: datetime) -> date:
        return d.date()

    company = new("company", monday, 60, "陈建国")
    r1, r2 = svc.record_minutes(
        store,
        base,
        company,
        dict(
            taker="曾华",  # a cadence meeting reused here may name no minute-taker
            topics=["上周工作总结", "本周工作部署", "客户投诉分析"],
            speakers=[("林晓东", 6), ("刘强", 11), ("王丽", 5)],
            resolutions=[
                ("更换3栋电梯层站按钮", "刘强", day(monday + timedelta(days=10))),
                ("整理业户档案并补全联系电话", "林晓东", day(monday + timedelta(days=14))),
            ],
        ),
        f(monday + timedelta(hours=3)),
    )["resolutions"]
    svc.distribute(store, base, company, None, f(monday + timedelta(days=1, hours=1)))
    rsvc.plan(store, replace(base, by="刘强"), r1, "向厂家订购按钮，周四安装", f(monday + timedelta(days=1, hours=3)))
    rsvc.update(store, replace(base, by="刘强"), r1, "按钮已到货", f(monday + timedelta(days=4, hours=2)))
    rsvc.done(store, replace(base, by="刘强"), r1, f(monday + timedelta(days=8, hours=7)))
    rsvc.plan(store, replace(base, by="林晓东"), r2, "每栋指定一名前台核对", f(monday + timedelta(days=2)))

    fid = new("forum", forum, 110, "肖琳", "主任论坛：新版回访制度")
    svc.record_minutes(
        store,
        base,
        fid,
        dict(
            taker="曾华",  # a cadence meeting reused here may name no minute-taker
            topics=["新版回访制度试行意见", "各管理处经验交流"],
            resolutions=[("修订回访制度并下发各管理处", "肖琳", day(forum + timedelta(days=20)))],
        ),
        f(forum + timedelta(hours=3)),
    )
    svc.distribute(store, base, fid, None, f(forum + timedelta(days=5)))  # past the third day: late
    svc.approve(store, replace(base, by="董志远"), fid, "董志远", f(forum + timedelta(days=8)))

    cid = new("committee", committee, 90, "陈建国", "业委会季度沟通会")
    (r3,) = svc.record_minutes(
        store,
        base,
        cid,
        dict(
            taker="曾华",  # a cadence meeting reused here may name no minute-taker
            topics=["地库照明不足", "垃圾分类投放点"],
            resolutions=[("地库照明改造", "刘强", day(committee + timedelta(days=30)))],
        ),
        f(committee + timedelta(hours=2)),
    )["resolutions"]
    svc.distribute(store, base, cid, None, f(committee + timedelta(days=1)))
    rsvc.plan(store, replace(base, by="刘强"), r3, "分两期更换地库灯具", f(committee + timedelta(days=2)))

    iid = new("interdept", interdept, 60, "田海波", "工程部与客服部交流会")
    svc.record_minutes(
        store,
        base,
        iid,
        dict(
            taker="曾华",  # a cadence meeting reused here may name no minute-taker
            topics=["报修派工衔接"],
            resolutions=[("报修单派工后 30 分钟内回传", "田海波", day(interdept + timedelta(days=7)))],
        ),
        f(interdept + timedelta(hours=2)),
    )
    new("president", nxt, 90, "董志远", "总裁办公会")
    # the cadence's other held meetings (meetings_step) have their minutes too, distributed the next day; those
    # of the last three days are still within their time
    from commscli.store import meetings as ms

    for m in ms.list_meetings(store, state="held", end=f(ctx.now - timedelta(days=3))):
        if m["minutes_at"]:
            continue
        ends = datetime.fromisoformat(m["ends_at"])
        svc.record_minutes(
            store, base, m["id"], dict(topics=["例行工作通报"], taker="曾华"), f(ends + timedelta(hours=2))
        )
        svc.distribute(store, base, m["id"], None, f(ends + timedelta(days=1)))


STEPS = [
    registry_step,
    tickets_step,
    visits_step,
    desk_registers_step,
    notices_step,
    followups_step,
    relayed_step,
    meetings_step,
    minutes_step,
    staff_channels_step,
    info_step,
    stop_step,
]


def build(store, now: datetime, by: str, seed: int = 2026) -> dict:
    """Fill an empty store inside one transaction; returns counts per table."""
    from commscli import clock
    from commscli.store import records, registry

    rng = random.Random(seed)
    ctx = DemoContext(now=now, at=clock.fmt(now), by=by)
    with store.transaction():
        records.set_meta(store, "demo", "1")
        records.set_meta(store, "demo_seed", str(seed))
        for step in STEPS:
            step(store, rng, ctx)
    return registry.counts(store, ("offices", "households", "staff", "events"))
