"""What the school prints and publishes from its records: the official forms as PDF
(晨午检记录, 班级卫生消毒检查记录表, 外来人员登记, 隐患台账) and the weekly hygiene bulletin.
Every figure is computed from the records; nothing here is typed in."""
