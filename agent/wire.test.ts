import { describe, expect, it } from 'vitest';
import { toWireRecords } from './wire.js';

/**
 * Record pages are serialised by the agent itself (ADR 0075), as node-soap wrote them: the exact
 * markup is the contract the backend's readers (agent-xml.ts, node-soap) take.
 */
describe('toWireRecords', () => {
  it("writes agent.wsdl's records with node-soap's escapes, a null as a Field without Value", () => {
    const xml = toWireRecords([
      { CustomerNo: 'A&B', CustomerName: `<"O'Neil">\ttab\r\nline`, DateEstablished: null },
      { CustomerNo: '', City: 'Zoë ✓' },
    ]).$xml;
    expect(xml).toBe(
      '<Record><Field><Name>CustomerNo</Name><Value>A&amp;B</Value></Field>' +
        '<Field><Name>CustomerName</Name><Value>&lt;&quot;O&apos;Neil&quot;&gt;&#x9;tab&#xD;&#xA;line</Value></Field>' +
        '<Field><Name>DateEstablished</Name></Field></Record>' +
        '<Record><Field><Name>CustomerNo</Name><Value></Value></Field>' +
        '<Field><Name>City</Name><Value>Zoë ✓</Value></Field></Record>',
    );
    expect(toWireRecords([]).$xml).toBe('');
  });

  it('escapes a value that looks like a CDATA section, which node-soap sent raw', () => {
    expect(toWireRecords([{ Comment: '<![CDATA[x]]>' }]).$xml).toBe(
      '<Record><Field><Name>Comment</Name><Value>&lt;![CDATA[x]]&gt;</Value></Field></Record>',
    );
  });
});
