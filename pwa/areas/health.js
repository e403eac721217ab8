// The health area's screens, registered with the shell (see ../areas.js): the checks by
// exception, one child's check with its history and medicine, disinfection with the UV
// timer, and the health teacher's today with the outbreak watch.
import { area, lazy } from '../areas.js';
import { getSetting } from '../db.js';

// A UV round that ended while the app was closed is recorded now that it is open. The
// timers' module (and its imports) loads only when a timer is stored ('uv_timers', see
// ../screens/health/uv.js).
setTimeout(() => getSetting('uv_timers', []).then(async (stored) => {
  if (!stored.length) return;
  const { finishDue, watch } = await import('../screens/health/uv.js');
  await finishDue();
  watch();
}).catch(() => {}), 0);

const zh = {
  'nav.hc_checks': '晨午检', 'nav.hc_disinfect': '消毒', 'nav.hc_today': '卫生保健',
  'hc.checks_title': '晨午检（只点异常）', 'hc.by_exception': '只点异常或缺勤的幼儿，其余一键记为正常。',
  'hc.progress': '已查 {done}/{total}', 'hc.zero_report': '零报告', 'hc.cases': '异常 {abnormal}，因病缺勤 {ill}',
  'hc.all_normal': '其余全部正常（{n} 人）', 'hc.all_normal_done': '{class}：{n} 人记为正常',
  'hc.status': '情况', 'hc.reason': '缺勤原因', 'reason.ill': '因病', 'reason.personal': '事假', 'reason.unknown': '不明',
  'hc.colder': '体温减 0.1', 'hc.warmer': '体温加 0.1', 'hc.now': '当前：', 'hc.mark_normal': '改为正常',
  'hc.history': '记录历史', 'hc.no_history': '还没有记录', 'hc.not_sent': '未同步',
  'hc.medicine_title': '今日带药', 'hc.no_medicine': '今天没有带药', 'hc.medicine': '药名', 'hc.dose': '剂量',
  'hc.times': '服药时间（如 10:00 14:30）', 'hc.handed_by': '交药家长', 'hc.medicine_add': '登记家长交来的药',
  'hc.medicine_record': '登记带药', 'hc.medicine_invalid': '请填写药名、剂量和服药时间（HH:MM，最多 8 个）',
  'hc.medicine_saved': '带药已登记', 'hc.at_times': '服药时间 {times}', 'hc.given': '已服 {n} 次',
  'hc.give': '已喂药', 'hc.give_label': '记录已喂 {medicine}',
  'dis.title': '消毒', 'dis.missing': '还差 {n} 轮', 'dis.all_done': '今日已完成', 'dis.none_due': '今日不用消毒', 'dis.below': '{n} 轮未达标',
  'dis.outbreak': '疫情模式', 'dis.outbreak_note': '疫情模式：消毒轮次和含氯浓度加倍。', 'dis.no_rooms': '没有房间',
  'dis.uv_running': '紫外线计时中', 'dis.stop_early': '提前结束', 'dis.stopped': '已提前结束，已记录（未达标）',
  'dis.dilution': '含氯消毒液配制', 'dis.tablet_mg': '每片有效氯（mg）', 'dis.tablets': '片数', 'dis.litres': '水（升）',
  'dis.strength': '浓度：', 'dis.use_strength': '用这个浓度', 'dis.uv_minutes': '紫外线时长（分钟）',
  'dis.uv_start': '开始紫外线计时', 'dis.bad_minutes': '时长为 1–600 分钟', 'dis.uv_started': '紫外线计时已开始',
  'dis.bad_amount': '用量须大于 0，最多 {max} {unit}', 'dis.bad_round': '轮次为 1–12', 'dis.saved': '消毒已记录', 'dis.done_of': '{done}/{due} 轮',
  'dis.overdue': '昨日漏 {n} 轮', 'dis.overdue_on': '{day} 漏 {n} 轮', 'dis.below_min': '未达标', 'dis.record': '记录一轮消毒', 'dis.item': '项目',
  'dis.method': '方法', 'dis.round': '第几轮', 'dis.amount': '用量（时长或浓度）', 'dis.save': '记录',
  'dis.all_rooms': '全部房间',
  'item.air': '空气', 'item.surfaces_toys': '物表玩具', 'item.tableware': '餐具', 'item.towels': '毛巾',
  'item.bedding': '被褥', 'item.door_handles': '门把手', 'item.toilets': '厕所',
  'method.uv': '紫外线', 'method.chlorine': '含氯消毒液', 'method.boiling': '煮沸', 'method.steaming': '蒸汽',
  'method.airing': '通风', 'method.sun_drying': '日晒',
  'ov.title': '卫生保健 今日', 'ov.title_day': '卫生保健', 'ov.days': '换一天', 'ov.day_before': '‹ 前一天', 'ov.day_after': '后一天 ›', 'ov.to_today': '今日', 'ov.date': '日期', 'ov.show': '查看', 'ov.closed_chip': '已结案', 'ov.diagnosis_is': '诊断：{text}', 'ov.closed_back': '已结案，{day} 返园', 'ov.no_school': '这一天不上课（节假日或周末），不需要晨午检和消毒。', 'ov.from_server': '服务器数据', 'ov.from_phone': '离线：本机数据',
  'ov.alerts': '疑似聚集性疫情（24 小时内上报）', 'ov.report_overdue': '已超时，请立即上报',
  'ov.report_in': '剩 {h} 小时 {m} 分', 'ov.report': '已上报', 'ov.reported': '已标记为已上报',
  'ov.children': '{n} 名幼儿', 'ov.classes': '各班晨午检', 'ov.class': '班级', 'ov.done': '已完成', 'ov.not_done': '未完成',
  'ov.attendance': '出勤 {present}/{expected}（{rate}%）', 'ov.attendance_closed': '不上课，不计出勤率（晨检在园 {present} 人）', 'ov.disinfection': '消毒 {done}/{due} 轮，未达标 {below} 轮',
  'ov.abnormal': '异常幼儿', 'ov.followups': '因病缺勤追踪', 'ov.none': '无', 'ov.since': '{day} 起', 'ov.back_on': '已返园 {day}',
  'ov.diagnosis': '诊断', 'ov.returned_on': '返园日期', 'ov.close': '结案', 'ov.close_form': '结案…', 'ov.closed': '追踪已结案',
  'ov.outbreak_mode': '疫情模式', 'ov.school': '全园', 'ov.mode_on': '开启：{name}', 'ov.mode_off': '关闭：{name}',
  'ov.mode_set': '疫情模式已更改',
  'group.respiratory': '呼吸道', 'group.hand_foot_mouth': '手足口', 'group.gastro': '胃肠道', 'group.eye': '眼病', 'group.mumps': '腮腺炎',
};
const en = {
  'nav.hc_checks': 'Checks', 'nav.hc_disinfect': 'Disinfection', 'nav.hc_today': 'Health today',
  'hc.checks_title': 'Checks (by exception)', 'hc.by_exception': 'Tap only the children who are unwell or absent; then mark all others normal.',
  'hc.progress': 'checked {done}/{total}', 'hc.zero_report': 'Zero report', 'hc.cases': '{abnormal} abnormal, {ill} ill absent',
  'hc.all_normal': 'All others normal ({n})', 'hc.all_normal_done': '{class}: {n} marked normal',
  'hc.status': 'Status', 'hc.reason': 'Reason for absence', 'reason.ill': 'ill', 'reason.personal': 'personal', 'reason.unknown': 'unknown',
  'hc.colder': 'Temperature down 0.1', 'hc.warmer': 'Temperature up 0.1', 'hc.now': 'Now:', 'hc.mark_normal': 'Change to normal',
  'hc.history': 'History', 'hc.no_history': 'Nothing recorded yet', 'hc.not_sent': 'not sent',
  'hc.medicine_title': 'Medicine today', 'hc.no_medicine': 'No medicine today', 'hc.medicine': 'Medicine', 'hc.dose': 'Dose',
  'hc.times': 'Times (e.g. 10:00 14:30)', 'hc.handed_by': 'Handed over by', 'hc.medicine_add': 'Medicine from a parent',
  'hc.medicine_record': 'Record medicine', 'hc.medicine_invalid': 'Give the medicine, dose and times (HH:MM, at most 8)',
  'hc.medicine_saved': 'Medicine recorded', 'hc.at_times': 'at {times}', 'hc.given': 'given {n}×',
  'hc.give': 'Given', 'hc.give_label': 'Record {medicine} given',
  'dis.title': 'Disinfection', 'dis.missing': '{n} rounds to do', 'dis.all_done': 'done for today', 'dis.none_due': 'nothing due today', 'dis.below': '{n} below minimum',
  'dis.outbreak': 'outbreak mode', 'dis.outbreak_note': 'Outbreak mode: twice the rounds and the chlorine.', 'dis.no_rooms': 'No rooms',
  'dis.uv_running': 'UV timers running', 'dis.stop_early': 'Stop early', 'dis.stopped': 'Stopped early and recorded (below minimum)',
  'dis.dilution': 'Chlorine dilution', 'dis.tablet_mg': 'Chlorine per tablet (mg)', 'dis.tablets': 'Tablets', 'dis.litres': 'Water (litres)',
  'dis.strength': 'Strength:', 'dis.use_strength': 'Use this strength', 'dis.uv_minutes': 'UV minutes',
  'dis.uv_start': 'Start UV timer', 'dis.bad_minutes': '1–600 minutes', 'dis.uv_started': 'UV timer started',
  'dis.bad_amount': 'The amount must be over 0 and at most {max} {unit}', 'dis.bad_round': 'The round must be 1–12', 'dis.saved': 'Round recorded', 'dis.done_of': '{done}/{due} rounds',
  'dis.overdue': '{n} missed yesterday', 'dis.overdue_on': '{n} missed on {day}', 'dis.below_min': 'below minimum', 'dis.record': 'Record a round', 'dis.item': 'Item',
  'dis.method': 'Method', 'dis.round': 'Round', 'dis.amount': 'Amount (time or strength)', 'dis.save': 'Record',
  'dis.all_rooms': 'All rooms',
  'item.air': 'air', 'item.surfaces_toys': 'surfaces and toys', 'item.tableware': 'tableware', 'item.towels': 'towels',
  'item.bedding': 'bedding', 'item.door_handles': 'door handles', 'item.toilets': 'toilets',
  'method.uv': 'UV lamp', 'method.chlorine': 'chlorine', 'method.boiling': 'boiling', 'method.steaming': 'steaming',
  'method.airing': 'airing', 'method.sun_drying': 'sun drying',
  'ov.title': 'Health today', 'ov.title_day': 'Health', 'ov.days': 'Other days', 'ov.day_before': '‹ Day before', 'ov.day_after': 'Day after ›', 'ov.to_today': 'Today', 'ov.date': 'Date', 'ov.show': 'Show', 'ov.closed_chip': 'closed', 'ov.diagnosis_is': 'Diagnosis: {text}', 'ov.closed_back': 'closed, back on {day}', 'ov.no_school': 'No school on this day (holiday or weekend): no checks or disinfection are due.', 'ov.from_server': 'from the server', 'ov.from_phone': 'offline: this phone\'s data',
  'ov.alerts': 'Suspected outbreaks (report within 24 hours)', 'ov.report_overdue': 'overdue: report now',
  'ov.report_in': '{h} h {m} min left', 'ov.report': 'Reported', 'ov.reported': 'Marked as reported',
  'ov.children': '{n} children', 'ov.classes': 'Checks by class', 'ov.class': 'Class', 'ov.done': 'done', 'ov.not_done': 'not done',
  'ov.attendance': 'Attendance {present}/{expected} ({rate}%)', 'ov.attendance_closed': 'No school, no attendance rate ({present} checked in)', 'ov.disinfection': 'Disinfection {done}/{due} rounds, {below} below minimum',
  'ov.abnormal': 'Abnormal children', 'ov.followups': 'Absences for illness', 'ov.none': 'none', 'ov.since': 'since {day}', 'ov.back_on': 'back on {day}',
  'ov.diagnosis': 'Diagnosis', 'ov.returned_on': 'Back on', 'ov.close': 'Close', 'ov.close_form': 'Close…', 'ov.closed': 'Follow-up closed',
  'ov.outbreak_mode': 'Outbreak mode', 'ov.school': 'whole school', 'ov.mode_on': 'Turn on: {name}', 'ov.mode_off': 'Turn off: {name}',
  'ov.mode_set': 'Outbreak mode changed',
  'group.respiratory': 'respiratory', 'group.hand_foot_mouth': 'hand, foot and mouth', 'group.gastro': 'gastro', 'group.eye': 'eyes', 'group.mumps': 'mumps',
};

area({
  routes: {
    checks: lazy(() => import('../screens/health/roster.js'), 'rosterScreen'),
    hcheck: lazy(() => import('../screens/health/child.js'), 'childScreen'),
    disinfect: lazy(() => import('../screens/health/disinfect.js'), 'disinfectScreen'),
    health: lazy(() => import('../screens/health/overview.js'), 'overviewScreen'),
  },
  forms: ['hcheck', 'disinfect'],  // the health teacher's day is drawn again as checks come in
  nav: (user) => [
    { href: '#/checks', label: 'nav.hc_checks' },
    ...(user.role === 'guard' ? [] : [{ href: '#/disinfect', label: 'nav.hc_disinfect' }]),
    ...(['health', 'admin'].includes(user.role) ? [{ href: '#/health', label: 'nav.hc_today' }] : []),
  ].filter(() => user.role !== 'guard'),
  messages: { 'zh-CN': zh, en },
});
