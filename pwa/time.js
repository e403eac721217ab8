// Times as PROTOCOL.md wants them: RFC 3339 with the device's own offset, to the ms.

const pad = (n, w = 2) => String(Math.abs(n)).padStart(w, '0');

export function deviceTime(date = new Date()) {
  const off = -date.getTimezoneOffset();
  const sign = off >= 0 ? '+' : '-';
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}` +
    `.${pad(date.getMilliseconds(), 3)}${sign}${pad(Math.trunc(off / 60))}:${pad(off % 60)}`;
}

// The school's calendar day, in the school's time zone (a check belongs to the school's
// day, whatever zone the phone is set to).
export function today(timeZone = 'Asia/Shanghai', date = new Date()) {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit',
      day: '2-digit' }).format(date);
  } catch {
    return deviceTime(date).slice(0, 10);
  }
}

// The hour (0–23) on the school's clock, whatever zone the phone is set to.
export function schoolHour(timeZone = 'Asia/Shanghai', date = new Date()) {
  try {
    return Number(new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' })
      .format(date));
  } catch {
    return date.getHours();
  }
}

export function clockTime(iso, locale) {
  if (!iso) return '';
  return new Date(iso).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
}
