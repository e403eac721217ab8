"""Default checklists per kind of zone and per kind of equipment, which the admin may
edit; and the hazard loop's transitions (发现 → 登记 → 整改 → 复查)."""
from __future__ import annotations

# (key, 中文, English)
ZONE_CHECKLISTS = {
    "classroom": [
        ("windows", "门窗、护栏牢固", "windows and railings secure"),
        ("sockets", "插座有保护盖", "sockets covered"),
        ("objects", "无尖锐物、细小物品", "no sharp or small objects"),
        ("exits", "安全出口畅通", "exits clear"),
        ("power", "离园时水电已关", "water and power off at the end of the day"),
    ],
    "playground": [
        ("surface", "地面平整无杂物", "ground even and clear"),
        ("equipment", "大型玩具无松动、无破损", "play equipment firm, not broken"),
        ("fence", "围栏完好", "fence intact"),
    ],
    "kitchen": [
        ("gas", "燃气阀门关闭", "gas valves closed"),
        ("knives", "刀具上锁", "knives locked away"),
        ("food", "食品留样", "food samples kept"),
        ("extinguisher", "灭火器在位", "extinguisher in place"),
    ],
    "stairs": [
        ("rails", "扶手牢固", "handrails firm"),
        ("lights", "照明、应急灯正常", "lights and emergency lights work"),
        ("clear", "无堆放杂物", "nothing stored on the stairs"),
    ],
    "gate": [
        ("lock", "大门门锁完好", "gate lock works"),
        ("tools", "防卫器械在位", "defence tools in place"),
        ("camera", "监控正常", "cameras work"),
    ],
}
DEFAULT_ZONE_CHECKLIST = [
    ("clear", "无安全隐患", "no hazard seen"),
    ("exits", "通道畅通", "passages clear"),
]

EQUIPMENT_CHECKLISTS = {
    "play": [("fixings", "连接件牢固", "fixings firm"), ("surface", "防护地面完好", "safety surface intact"),
             ("edges", "无锐边、无锈蚀", "no sharp edges or rust")],
    "facility": [("structure", "结构完好", "structure sound"), ("electric", "电路安全", "wiring safe")],
    "extinguisher": [("pressure", "压力在绿区", "pressure in the green"), ("seal", "铅封完好", "seal intact"),
                     ("expiry", "在有效期内", "within its expiry date")],
    "hydrant": [("water", "出水正常", "water flows"), ("hose", "水带完好", "hose intact")],
    "emergency_light": [("works", "断电后能亮", "lights when the power is cut")],
    "exit": [("clear", "疏散通道畅通", "escape route clear"), ("sign", "指示标志完好", "exit sign lit")],
}

SEVERITIES = ("low", "medium", "high")
# status → the actions allowed from it, and where each leads
TRANSITIONS = {
    "reported": {"assign": "assigned"},
    "assigned": {"assign": "assigned", "fix": "fixed"},
    "fixed": {"accept": "verified", "refuse": "assigned"},
    "verified": {"reopen": "reported"},
}
OPEN = ("reported", "assigned", "fixed")


def checklist(kind: str, custom: dict | None = None) -> list[dict]:
    items = (custom or {}).get(kind) or ZONE_CHECKLISTS.get(kind) or DEFAULT_ZONE_CHECKLIST
    return [i if isinstance(i, dict) else {"key": i[0], "zh": i[1], "en": i[2]} for i in items]


def next_status(status: str, action: str) -> str | None:
    return TRANSITIONS.get(status, {}).get(action)
