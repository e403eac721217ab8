// The zones area (issue 6): zone self-checks with QR or photo proof, the hazard loop,
// patrol rounds, monthly inspections and the admin's QR label sheet.
import { area } from '../areas.js';
import { hazardScreen } from '../screens/zones/hazard.js';
import { hazardsScreen } from '../screens/zones/hazards.js';
import { inspectionScreen, inspectionsScreen } from '../screens/zones/inspections.js';
import { labelsScreen } from '../screens/zones/labels.js';
import { patrolScreen } from '../screens/zones/patrol.js';
import { reportScreen } from '../screens/zones/report.js';
import { zoneCheckScreen } from '../screens/zones/zonecheck.js';
import { zonesScreen } from '../screens/zones/zones.js';

const zh = {
  'z.nav': '区域安全', 'z.nav_hazards': '隐患', 'z.title': '区域安全检查', 'z.my_zones': '我负责的区域',
  'z.all_zones': '其他区域', 'z.no_zones': '没有由您负责的区域', 'z.opening': '开园检查', 'z.closing': '离园检查',
  'z.state.todo': '未查', 'z.state.done': '已查', 'z.state.failed': '有问题',
  'z.not_done': '今日未完成的检查（{n}）', 'z.missing_row': '{zone} · {kind} · {who}', 'z.all_done': '今日检查已全部完成',
  'z.report': '报告隐患', 'z.hazards': '隐患台账', 'z.patrol': '巡查', 'z.inspections': '月度检查', 'z.labels': '区域二维码标签',
  'z.no_such_zone': '没有这个区域', 'z.pass': '合格', 'z.fail': '不合格', 'z.note_for': '{item}的备注',
  'z.proof': '到场证明', 'z.proof_none': '尚未扫码或拍照', 'z.proof_qr': '已扫描区域二维码',
  'z.photo_instead': '无法使用摄像头扫码时，请在现场拍一张照片：', 'z.need_proof': '请扫描区域二维码，或在现场拍照',
  'z.save_check': '保存检查', 'z.check_saved': '{zone}已保存，{n}项不合格已登记为隐患',
  'z.add_photo': '拍照', 'z.photos': '照片', 'z.photo_alt': '现场照片', 'z.photo_kept': '已保存{n}张照片（联网后上传）',
  'z.photo_failed': '照片无法保存：{reason}', 'z.scan_camera': '用摄像头扫码', 'z.scan_picture': '拍摄标签扫码',
  'z.scanned': '已扫码', 'z.no_camera': '无法使用摄像头', 'z.no_code': '照片中没有找到二维码',
  'z.no_zone': '未指定区域', 'z.deadline': '期限', 'z.overdue': '已逾期', 'z.waiting_send': '等待上传',
  'z.sev.low': '一般', 'z.sev.medium': '较大', 'z.sev.high': '重大',
  'z.status.reported': '已登记', 'z.status.assigned': '整改中', 'z.status.fixed': '待复查', 'z.status.verified': '已闭环',
  'z.tab.mine': '我的整改', 'z.tab.verify': '待我复查', 'z.tab.open': '未闭环', 'z.tab.all': '全部',
  'z.overdue_n': '逾期隐患：{n}', 'z.no_hazards': '没有隐患',
  'z.saved': '已保存', 'z.assign': '指派整改', 'z.assignee': '整改人', 'z.fix': '提交整改', 'z.fix_note': '整改情况',
  'z.verify': '复查', 'z.reason': '原因', 'z.accept': '复查通过', 'z.refuse': '不通过，退回整改', 'z.need_reason': '请填写不通过的原因',
  'z.not_own_fix': '整改人不能复查自己的整改', 'z.reopen': '重新打开', 'z.no_such_hazard': '没有这条隐患',
  'z.refused_because': '复查未通过：{reason}', 'z.history': '处理记录',
  'z.action.report': '登记', 'z.action.assign': '指派', 'z.action.fix': '整改', 'z.action.accept': '复查通过',
  'z.action.refuse': '复查不通过', 'z.action.reopen': '重新打开',
  'z.where': '区域', 'z.what': '隐患描述', 'z.severity': '等级', 'z.send_report': '登记隐患',
  'z.start_round': '开始巡查', 'z.rounds_today': '今日巡查', 'z.ended': '已结束', 'z.running': '进行中',
  'z.no_such_round': '没有这次巡查', 'z.missed': '漏查', 'z.missed_n': '漏查{n}处', 'z.out_of_order': '顺序不对',
  'z.note': '备注', 'z.end_round': '结束巡查',
  'z.insp.done': '本月已检', 'z.insp.due': '本月待检', 'z.insp.overdue': '已逾期（上月未检）', 'z.expires': '有效期至',
  'z.expired': '已过期', 'z.no_such_equipment': '没有这个设备', 'z.save_inspection': '保存检查', 'z.print': '打印',
  'err.wrong_code': '这不是本区域的二维码：请扫描区域内的标签', 'err.not_an_image': '照片无法上传：不是JPEG、PNG或WebP图片',
  'err.hash_mismatch': '照片无法上传：内容已损坏', 'err.too_large': '照片无法上传：文件太大',
};
const en = {
  'z.nav': 'Zones', 'z.nav_hazards': 'Hazards', 'z.title': 'Zone safety checks', 'z.my_zones': 'My zones',
  'z.all_zones': 'Other zones', 'z.no_zones': 'No zone is yours', 'z.opening': 'Opening check', 'z.closing': 'Closing check',
  'z.state.todo': 'to do', 'z.state.done': 'done', 'z.state.failed': 'problems',
  'z.not_done': "Today's checks not done ({n})", 'z.missing_row': '{zone} · {kind} · {who}', 'z.all_done': "All of today's checks are done",
  'z.report': 'Report a hazard', 'z.hazards': 'Hazard ledger', 'z.patrol': 'Patrol', 'z.inspections': 'Monthly inspections', 'z.labels': 'Zone QR labels',
  'z.no_such_zone': 'No such zone', 'z.pass': 'OK', 'z.fail': 'Not OK', 'z.note_for': 'Note on {item}',
  'z.proof': 'Proof of presence', 'z.proof_none': 'Not scanned or photographed yet', 'z.proof_qr': "Zone's QR code scanned",
  'z.photo_instead': 'Where the camera cannot scan, take a photo there instead:', 'z.need_proof': "Scan the zone's QR code, or take a photo there",
  'z.save_check': 'Save the check', 'z.check_saved': '{zone} saved; {n} failed items reported as hazards',
  'z.add_photo': 'Take a photo', 'z.photos': 'Photos', 'z.photo_alt': 'Photo taken there', 'z.photo_kept': '{n} photos kept (uploaded when online)',
  'z.photo_failed': 'The photo could not be kept: {reason}', 'z.scan_camera': 'Scan with the camera', 'z.scan_picture': 'Scan a photo of the label',
  'z.scanned': 'Scanned', 'z.no_camera': 'The camera cannot be used', 'z.no_code': 'No QR code found in the photo',
  'z.no_zone': 'No zone', 'z.deadline': 'Deadline', 'z.overdue': 'Overdue', 'z.waiting_send': 'waiting to upload',
  'z.sev.low': 'Low', 'z.sev.medium': 'Medium', 'z.sev.high': 'High',
  'z.status.reported': 'Reported', 'z.status.assigned': 'Being fixed', 'z.status.fixed': 'To verify', 'z.status.verified': 'Closed',
  'z.tab.mine': 'Mine to fix', 'z.tab.verify': 'To verify', 'z.tab.open': 'Open', 'z.tab.all': 'All',
  'z.overdue_n': 'Overdue hazards: {n}', 'z.no_hazards': 'No hazards',
  'z.saved': 'Saved', 'z.assign': 'Assign', 'z.assignee': 'Fixer', 'z.fix': 'Record the fix', 'z.fix_note': 'What was done',
  'z.verify': 'Verify', 'z.reason': 'Reason', 'z.accept': 'Accept the fix', 'z.refuse': 'Refuse: back to the fixer', 'z.need_reason': 'Say why the fix is refused',
  'z.not_own_fix': 'The fixer cannot verify their own fix', 'z.reopen': 'Reopen', 'z.no_such_hazard': 'No such hazard',
  'z.refused_because': 'Fix refused: {reason}', 'z.history': 'History',
  'z.action.report': 'reported', 'z.action.assign': 'assigned', 'z.action.fix': 'fixed', 'z.action.accept': 'accepted',
  'z.action.refuse': 'refused', 'z.action.reopen': 'reopened',
  'z.where': 'Zone', 'z.what': 'What is wrong', 'z.severity': 'Severity', 'z.send_report': 'Report',
  'z.start_round': 'Start a round', 'z.rounds_today': "Today's rounds", 'z.ended': 'ended', 'z.running': 'running',
  'z.no_such_round': 'No such round', 'z.missed': 'missed', 'z.missed_n': '{n} missed', 'z.out_of_order': 'out of order',
  'z.note': 'Note', 'z.end_round': 'End the round',
  'z.insp.done': 'done this month', 'z.insp.due': 'due this month', 'z.insp.overdue': 'overdue (last month missed)', 'z.expires': 'Expires on',
  'z.expired': 'expired', 'z.no_such_equipment': 'No such equipment', 'z.save_inspection': 'Save the inspection', 'z.print': 'Print',
  'err.wrong_code': "This is not this zone's QR code: scan the label in the zone", 'err.not_an_image': 'The photo was refused: not a JPEG, PNG or WebP image',
  'err.hash_mismatch': 'The photo was refused: its bytes are damaged', 'err.too_large': 'The photo was refused: too large',
};

area({
  routes: {
    zones: zonesScreen,
    'zone-check': zoneCheckScreen,
    hazards: hazardsScreen,
    hazard: hazardScreen,
    'hazard-new': reportScreen,
    patrol: patrolScreen,
    inspections: inspectionsScreen,
    inspection: inspectionScreen,
    'zone-labels': labelsScreen,
  },
  // The zone check, the hazard and the patrol round redraw on pulls, keeping what is typed
  // (drafts in screens/zones/common.js); these two keep the form as it is.
  forms: ['hazard-new', 'inspection'],
  nav: () => [{ href: '#/zones', label: 'z.nav' }, { href: '#/hazards', label: 'z.nav_hazards' }],
  messages: { 'zh-CN': zh, en },
});
