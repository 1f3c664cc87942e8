"""The demo store: one office of about 650 occupied households, its staff, and — as
capabilities land — six months of activity before now. Seeded, so it is reproducible.

Each capability appends a step to STEPS: ``step(store, rng, ctx)``.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英霞平刚桂兰华红玉萍建国志斌鹏飞宇浩然欣怡婷雪梅琳晨阳子涵思远佳慧晓东海波"

OFFICE = dict(code="JM01", name="金茂府物业服务中心", phone="02168880001", address="浦东新区示范路 88 号",
              cs_seal="金茂府物业服务中心客户服务部", company_seal="金茂物业服务有限公司")
BUILDINGS = [f"{i}栋" for i in range(1, 9)]
FLOORS, PER_FLOOR = 18, 5  # 8 × 18 × 5 = 720 households
VACANT = 68  # → 652 occupied

STAFF = [
    ("陈建国", "manager", []), ("林晓东", "supervisor", []),
    ("王丽", "clerk", []), ("赵婷", "clerk", []), ("孙欣怡", "clerk", []),
    ("周敏", "lobby_assistant", BUILDINGS[0:2]), ("吴娜", "lobby_assistant", BUILDINGS[2:4]),
    ("郑雪梅", "lobby_assistant", BUILDINGS[4:6]), ("冯佳慧", "lobby_assistant", BUILDINGS[6:8]),
    ("刘强", "engineering", []), ("杨磊", "engineering", []), ("黄勇", "engineering", []), ("何志斌", "engineering", []),
    ("高军", "security", []), ("罗涛", "security", []), ("梁鹏", "security", []), ("谢浩然", "security", []),
    ("宋飞", "security", []), ("唐宇", "security", []),
    ("许秀英", "cleaning", []), ("韩桂兰", "cleaning", []), ("邓玉", "cleaning", []), ("曹萍", "cleaning", []),
    ("彭红", "cleaning", []),
    ("曾华", "general_affairs", []), ("肖琳", "quality", []), ("田海波", "department_head", []),
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
    from commscli.store import records, registry

    ctx.office_id = registry.add(store, "offices", dict(OFFICE, buildings=BUILDINGS, lobbies=[f"{b}大堂" for b in BUILDINGS]),
                                 at=ctx.at, by=ctx.by, recorded_at=ctx.at)
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
        rows.append(dict(office_id=ctx.office_id, building=building, room=room, name=person(rng), phone=mobile(rng),
                         kind="tenant" if rng.random() < 0.18 else "owner",
                         use="business" if room.startswith("1") and rng.random() < 0.3 else "home",
                         move_in=move_in.isoformat() if occupied else None, occupied=int(occupied),
                         created_at=ctx.at, created_by=ctx.by))
    first, last = registry.insert_many(store, "households", rows)
    records.event(store, at=ctx.at, by=ctx.by, table="households", record_id=None, action="import",
                  after={"file": "demo", "rows": len(rows), "first_id": first, "last_id": last}, recorded_at=ctx.at)
    staff_rows = [dict(office_id=ctx.office_id, name=n, role=r, phone=mobile(rng), buildings=records._dump(b),
                       active=1, created_at=ctx.at, created_by=ctx.by) for n, r, b in STAFF]
    first, last = registry.insert_many(store, "staff", staff_rows)
    records.event(store, at=ctx.at, by=ctx.by, table="staff", record_id=None, action="import",
                  after={"file": "demo", "rows": len(staff_rows), "first_id": first, "last_id": last},
                  recorded_at=ctx.at)


STEPS = [registry_step]


def build(store, now: datetime, by: str, seed: int = 2026) -> dict:
    """Fill an empty store inside one transaction; returns counts per table."""
    from commscli import clock
    from commscli.store import records

    rng = random.Random(seed)
    ctx = DemoContext(now=now, at=clock.fmt(now), by=by)
    with store.transaction():
        records.set_meta(store, "demo", "1")
        records.set_meta(store, "demo_seed", str(seed))
        for step in STEPS:
            step(store, rng, ctx)
    return {t: store.scalar(f"SELECT COUNT(*) FROM [{t}]") for t in ("offices", "households", "staff", "events")}
