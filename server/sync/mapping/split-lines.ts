/**
 * Wraps a street into at most `count` lines of the given widths, breaking between words. Widths
 * count characters (code points, as the length check does), so an emoji is never cut in half.
 */
export function splitLines(street: string, count: number, widths: number[]): string[] {
  const given = street
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  const out: string[] = [];
  for (const line of given) {
    let rest = [...line];
    while (rest.length > 0 && out.length < count) {
      const width = widths[out.length] ?? Infinity;
      if (rest.length <= width) {
        out.push(rest.join(''));
        rest = [];
        break;
      }
      const cut = rest.lastIndexOf(' ', width);
      const at = cut > 0 ? cut : width;
      out.push(rest.slice(0, at).join('').trim());
      rest = [...rest.slice(at).join('').trim()];
    }
    if (out.length >= count && rest.length > 0) {
      // Overflow joins the last line; the length check trims it and warns.
      out[count - 1] = `${out[count - 1]} ${rest.join('')}`;
    }
  }
  while (out.length < count) out.push('');
  return out.map((l) => l || null) as string[];
}
