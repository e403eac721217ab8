// A number as a person typed it on a phone: a Chinese keyboard in full-width mode gives
// ３６．８ or 36。8, a European one 36,8. '' is none (null); anything else not a number, NaN.
export function readNumber(text) {
  const plain = String(text ?? '').trim()
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[,，．。]/g, '.').replace(/^[－—]/, '-');
  if (plain === '') return null;
  return /^-?(\d+\.?\d*|\.\d+)$/.test(plain) ? Number(plain) : NaN;
}
