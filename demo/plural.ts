/**
 * "1 day", "2 days", "1 reply", "3 replies": every count the demo prints goes through here,
 * so no line reads "1 days" or "alert(s)". `pluralForm` is for words that do not just add -s.
 */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? singular : pluralForm}`;
}
