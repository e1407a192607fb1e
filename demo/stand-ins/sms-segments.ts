// GSM 03.38: the basic character set (one septet each) and its extension table (two each).
const GSM_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const GSM_EXTENDED = new Set('^{}\\[~]|€\f');

/**
 * How many SMS segments Twilio bills for `body`: GSM-7 fits 160 septets in one segment and
 * 153 per segment when split; any other character makes the message UCS-2, 70 and 67
 * characters (UTF-16 code units) respectively.
 */
export function countSegments(body: string): number {
  let septets = 0;
  for (const char of body) {
    if (GSM_BASIC.has(char)) septets += 1;
    else if (GSM_EXTENDED.has(char)) septets += 2;
    else return split(body.length, 70, 67);
  }
  return split(septets, 160, 153);
}

function split(units: number, single: number, perPart: number): number {
  if (units === 0) return 1;
  return units <= single ? 1 : Math.ceil(units / perPart);
}
