import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  decodeForbiddenCharRefs,
  escapeForbiddenXmlChars,
  escapeXmlResponse,
  forbiddenXmlChar,
} from './xml-chars.js';

describe('XML 1.0 control characters', () => {
  it('names the first forbidden character and lets tab, LF and CR through', () => {
    expect(forbiddenXmlChar('Bell\u0007Co')).toBe('U+0007');
    expect(forbiddenXmlChar('Vertical\u000Btab')).toBe('U+000B');
    expect(forbiddenXmlChar('tab\tnew\nline\r')).toBeUndefined();
    expect(forbiddenXmlChar('emoji 😀')).toBeUndefined();
  });

  it('escapes raw ones as character references and decodes only those references', () => {
    expect(escapeForbiddenXmlChars('<a>B\u0007\u001F</a>')).toBe('<a>B&#x7;&#x1F;</a>');
    expect(decodeForbiddenCharRefs('<a>B&#x7;&#31;&#x41;&amp;&#10;</a>')).toBe(
      '<a>B\u0007\u001F&#x41;&amp;&#10;</a>',
    );
  });

  it('escapes what a server writes, whatever the chunks', async () => {
    const server = http.createServer((_req, res) => {
      escapeXmlResponse(res);
      res.write('<a>one\u0007');
      res.end(Buffer.from('two\u000B</a>'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const text = await (await fetch(`http://127.0.0.1:${port}/`)).text();
      expect(text).toBe('<a>one&#x7;two&#xB;</a>');
    } finally {
      server.close();
    }
  });
});
