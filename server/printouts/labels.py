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
FOLLOWUP_STATUS = {"open": "追查中", "closed": "已结案"}
ALERT_STATUS = {"open": "待上报", "reported": "已上报"}
ZONE_CHECK = {"opening": "开园检查", "closing": "离园检查"}
GATE_SLOT = {"done": "按时", "late": "迟", "missed": "未记录", "to_come": "未到时间",
             "extra": "无规定时间"}
GROUP = {"respiratory": "呼吸道", "hand_foot_mouth": "手足口", "gastro": "胃肠道", "eye": "眼病",
         "mumps": "腮腺炎"}
SCORE_KIND = {"check": "晨午检", "gate": "开关门", "disinfection": "消毒", "zone": "区域自查",
              "hazard": "隐患整改"}
SCORE_STATE = {"on_time": "按时", "late": "迟", "missed": "未做", "within": "按期",
               "overdue": "逾期"}
ROLE = {"admin": "园长", "health": "保健老师", "caregiver": "教师", "guard": "门卫"}
DEVICE_FLAG = {"not_seen": "工作日未同步", "clock_off": "时钟偏差大", "rejected": "有被拒的修改",
               "queued": "有未能上传的修改"}
PROOF = {"qr": "扫码", "photo": "拍照"}
AUDIT_ACTION = {"create": "新增", "update": "修改", "delete": "删除", "revoke": "注销",
                "reset_password": "重设密码", "change_password": "修改自己的密码", "adjust": "调整", "retire": "停用", "draft": "起草",
                "publish": "发布"}
