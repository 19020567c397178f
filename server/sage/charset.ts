/**
 * Sage 100 keeps text in the Windows code page of its server (ProvideX files are not Unicode):
 * eBWS converts what it is sent into that code page, and a character the code page lacks is
 * stored as "?". On a US or Canadian installation that is Windows-1252: ASCII, Latin-1
 * (U+00A0-U+00FF) and the 27 characters of 0x80-0x9F below. An installation whose text holds any
 * character (SAGE_CHARSET=unicode) is not checked.
 */
export type SageCharset = 'windows-1252' | 'unicode';

/** Windows-1252's 0x80-0x9F: the only characters above U+00FF it holds. */
const CP1252_HIGH = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

const inCp1252 = (ch: string): boolean => {
  const code = ch.codePointAt(0)!;
  if (code < 0x80 || (code >= 0xa0 && code <= 0xff)) return true;
  return CP1252_HIGH.has(ch);
};

/**
 * The characters of a value the charset cannot hold, each once, in order ("🚀", "東"); none for
 * a value it holds. ASCII-only values (nearly all) are answered by one regular-expression test.
 */
export function unstorableChars(value: string, charset: SageCharset): string[] {
  // eslint-disable-next-line no-control-regex
  if (charset === 'unicode' || /^[\u0000-\u007f]*$/.test(value)) return [];
  const out: string[] = [];
  for (const ch of value) if (!inCp1252(ch) && !out.includes(ch)) out.push(ch);
  return out;
}
