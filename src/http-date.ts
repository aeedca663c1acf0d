const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * The three forms of an HTTP-date (RFC 9110 §5.6.7), which a recipient must all accept: IMF-fixdate,
 * and the obsolete RFC 850 and asctime forms. Matched here rather than by `Date.parse`, which also
 * reads `10` or `Nov 2026` as dates, reads asctime as local time, and differs between engines.
 */
const FORMS = [
  // Sun, 06 Nov 1994 08:49:37 GMT
  /^[A-Z][a-z]{2}, (?<day>\d\d) (?<month>[A-Z][a-z]{2}) (?<year>\d{4}) (?<time>\d\d:\d\d:\d\d) GMT$/,
  // Sunday, 06-Nov-94 08:49:37 GMT
  /^[A-Z][a-z]{5,8}, (?<day>\d\d)-(?<month>[A-Z][a-z]{2})-(?<year>\d\d) (?<time>\d\d:\d\d:\d\d) GMT$/,
  // Sun Nov  6 08:49:37 1994
  /^[A-Z][a-z]{2} (?<month>[A-Z][a-z]{2}) (?<day>[ \d]\d) (?<time>\d\d:\d\d:\d\d) (?<year>\d{4})$/,
];

/** An HTTP-date as epoch milliseconds, or `undefined` for any other text; `now` places a two-digit year. */
export function parseHttpDate(text: string, now: number): number | undefined {
  const parts = FORMS.map((form) => form.exec(text)?.groups).find(Boolean);
  const month = MONTHS.indexOf(parts?.month as string);
  if (!parts || month === -1) return undefined;
  let year = Number(parts.year);
  if (parts.year?.length === 2) {
    // RFC 850's two-digit year is the latest year with those digits no more than 50 years ahead.
    const thisYear = new Date(now).getUTCFullYear();
    year += thisYear - (thisYear % 100);
    if (year > thisYear + 50) year -= 100;
  }
  const [hours, minutes, seconds] = (parts.time as string).split(":").map(Number);
  return Date.UTC(year, month, Number(parts.day), hours, minutes, seconds);
}
