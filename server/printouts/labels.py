"""The Chinese words the printed forms use for the codes the records keep."""
SESSION = {"morning": "晨检", "noon": "午检"}
STATUS = {"normal": "正常", "abnormal": "异常", "absent": "缺勤"}
# One mark per child and session on the month's grid, as on the paper form.
MARK = {"normal": "√", "abnormal": "×", "absent": "○"}
SYMPTOM = {"fever": "发热", "cough": "咳嗽", "sore_throat": "咽痛", "rash": "皮疹",
           "hfm_blisters": "手足口疱疹", "diarrhoea": "腹泻", "vomiting": "呕吐",
           "red_eyes": "红眼", "swollen_glands": "腮腺肿大", "fatigue": "精神差", "other": "其他"}
ACTION = {"observe": "观察", "isolate": "隔离", "sent_home": "送回家", "parent_told": "已告知家长"}
ABSENCE = {"ill": "病假", "personal": "事假", "unknown": "原因不明"}
ITEM = {"air": "空气", "surfaces_toys": "物表玩具", "tableware": "餐具", "towels": "毛巾水杯",
        "bedding": "被褥", "door_handles": "门把手", "toilets": "厕所"}
METHOD = {"uv": "紫外线灯", "chlorine": "含氯消毒液", "boiling": "煮沸", "steaming": "蒸汽",
          "airing": "通风", "sun_drying": "日晒"}
UNIT = {"min": "分钟", "mg/L": "mg/L", "h": "小时"}
SEVERITY = {"low": "一般", "medium": "较大", "high": "重大"}
HAZARD_STATUS = {"reported": "已登记", "assigned": "整改中", "fixed": "待复查",
                 "verified": "已闭环"}
VISITOR_STATUS = {"waiting": "等待准许", "allowed": "已准许", "refused": "拒绝进入",
                  "entered": "在园", "left": "已离开"}
DECIDED_HOW = {"app": "手机确认", "phone_call": "电话确认", "admin": "园长确认"}
GATE = {"open": "开门", "close": "关门"}
