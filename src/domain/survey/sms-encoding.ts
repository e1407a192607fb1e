/**
 * GSM 03.38 (GSM-7) character sets. A message made only of these characters travels as
 * 7-bit GSM, 160 characters per single segment; one character outside them switches the
 * whole message to UCS-2 (70 per segment), so a stray curly quote or "ê" triples the cost.
 */
const GSM7_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
    '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
/** Extension characters are sent as an escape plus the character: they count twice. */
const GSM7_EXTENSION = new Set('\f^{}\\[~]|€');

/** Septets the text needs in GSM-7, or null when it contains a character GSM-7 cannot carry. */
export function gsm7Length(text: string): number | null {
  let length = 0;
  for (const char of text) {
    if (GSM7_BASIC.has(char)) length += 1;
    else if (GSM7_EXTENSION.has(char)) length += 2;
    else return null;
  }
  return length;
}

/** Segments a carrier bills for this text (GSM-7 when possible, otherwise UCS-2). */
export function smsSegmentCount(text: string): number {
  const gsm = gsm7Length(text);
  if (gsm !== null) return gsm <= 160 ? 1 : Math.ceil(gsm / 153);
  // UCS-2 counts UTF-16 code units; concatenated parts lose 3 units to the header.
  return text.length <= 70 ? 1 : Math.ceil(text.length / 67);
}
