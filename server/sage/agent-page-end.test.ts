import { describe, expect, it } from 'vitest';
import { readPageEnd } from './agent-page-end.js';

const HEAD =
  '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><GetChangesResponse xmlns="urn:sage100-zoho-sync:agent:v1">';
const END =
  '<PageEnd><HasMore>true</HasMore><Last><Date>20260601</Date><Time>15.5</Time><Key><Part>01</Part><Part>A&amp;B</Part></Key></Last></PageEnd>';

describe('readPageEnd: GetChanges PageEnd from the start of an answer still arriving', () => {
  it('waits for the whole element, then reads it (entities, key parts in order)', () => {
    expect(readPageEnd(HEAD)).toBe('later');
    expect(readPageEnd(HEAD + END.slice(0, 60))).toBe('later');
    expect(readPageEnd(HEAD + END + '<Records><Rec')).toEqual({
      hasMore: true,
      last: { date: '20260601', time: '15.5', key: ['01', 'A&B'] },
    });
  });

  it('reads a prefixed element, an empty key part, and a page with no rows', () => {
    const prefixed = END.replace(/<(\/?)(\w+)/g, '<$1tns:$2').replace('A&amp;B', '');
    expect(readPageEnd(HEAD + prefixed)).toEqual({
      hasMore: true,
      last: { date: '20260601', time: '15.5', key: ['01', ''] },
    });
    expect(readPageEnd(HEAD + '<PageEnd><HasMore>false</HasMore></PageEnd><Records/>')).toEqual({
      hasMore: false,
    });
  });

  it('gives up on an older agent’s answer (Records first), a fault, or an element off the contract', () => {
    expect(readPageEnd(HEAD + '<Records><Record>')).toBeUndefined();
    expect(readPageEnd('<soap:Envelope><soap:Body><soap:Fault><faultcode>')).toBeUndefined();
    expect(readPageEnd(HEAD + END.replace('20260601', '2026-06-01'))).toBeUndefined();
    expect(readPageEnd(HEAD + END.replace('<HasMore>true</HasMore>', ''))).toBeUndefined();
    expect(readPageEnd(HEAD + ' '.repeat(20_000))).toBeUndefined();
  });
});
