// The roster's reasons come from the server in English (server/roster.py); in Chinese they
// are told in Chinese. A reason this table does not know is shown as the server wrote it.
import { getLocale, t } from '../../i18n.js';

const PATTERNS = [
  [/^the name is empty$/, 'admin.why.name_empty'],
  [/^unknown class (.+)$/, 'admin.why.unknown_class'],
  [/^the same name twice in this class/, 'admin.why.twice'],
  [/^gender (.+) is not/, 'admin.why.gender'],
  [/^birthday: a kindergarten child/, 'admin.why.age'],
  [/^birthday is not a date/, 'admin.why.not_date'],
  [/^the user name is empty or appears twice$/, 'admin.why.username'],
  [/^user name (.+): letters, digits/, 'admin.why.username_rule'],
  [/^two active classes are named (.+): rename one/, 'admin.why.shared_class'],
  [/^(\d+) children of this name at this school \((.+)\)/, 'admin.why.same_name'],
  [/^line (\d+) is the same child/, 'admin.why.same_child'],
  [/^unknown role (.+)$/, 'admin.why.role'],
  [/^you cannot take away your own admin access$/, 'admin.why.own_admin'],
  [/^the school would have no active admin$/, 'admin.why.last_admin'],
  [/^this is not a spreadsheet/, 'admin.why.not_spreadsheet'],
  [/^missing columns: (.+)$/, 'admin.why.missing_columns'],
  [/^the Excel file could not be read/, 'admin.why.bad_excel'],
  [/^the file is empty$/, 'admin.why.empty_file'],
];

export function why(text) {
  if (getLocale() === 'en') return text;
  for (const [re, key] of PATTERNS) {
    const m = re.exec(text);
    if (m) return t(key, { x: m[1] ?? '', y: m[2] ?? '' });
  }
  return text;
}
