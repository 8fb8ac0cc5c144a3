// public_form.js - what the public phone pages (一码通行 pass.html, 场所码
// scan.html) share: the server's English reasons in the words a member of
// the public understands, and a JSON GET that never throws on a bad body.

// English reasons from the server, in everyday words.
const REASONS = [
  [/check digit does not match/, '身份证号校验位不正确，请核对'],
  [/birth date|date .* does not exist|year \d+ is/, '身份证号中的出生日期不正确'],
  [/must be 18 characters/, '身份证号应为18位'],
  [/character \d+ must be a digit|last character must be/, '身份证号格式不正确'],
  [/11 digits/, '手机号应为以1开头的11位数字'],
  [/mainland number/, '请填写中国大陆手机号'],
  [/only digits, spaces and dashes/, '手机号只能包含数字'],
  [/province character/, '车牌号应以省份简称开头，如“豫”'],
  [/office letter|letters and digits after|5 letters or digits/, '车牌号格式不正确，如：豫U12345'],
  [/I and O are never used/, '车牌号中不使用字母 I 和 O，请核对'],
  [/new-energy plate/, '新能源车牌号格式不正确'],
  [/give where you came from/, '请填写出发地'],
  [/code of \d+ letters and digits/, '二维码无效，请重新扫描卡点二维码'],
  [/does not exist/, '卡点不存在，请重新扫描卡点二维码'],
  [/is required|must not be empty/, '此项必填'],
  [/at most \d+ characters|too long/, '内容过长'],
];

export function say(reason) {
  for (const [re, zh] of REASONS) if (re.test(reason)) return zh;
  return reason;
}

export async function getJSON(path) {
  const r = await fetch(path, { headers: { accept: 'application/json' } });
  const data = await r.json().catch(() => ({}));
  return { status: r.status, data };
}

