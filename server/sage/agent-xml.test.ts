import * as soap from 'soap';
import { beforeAll, describe, expect, it } from 'vitest';
import { AGENT_WSDL_PATH } from '../../agent/contract.js';
import { changesSchema, listRecordsSchema, recordsResponseSchema } from './agent-schemas.js';
import { readAgentAnswer } from './agent-xml.js';

/**
 * The fast reader of the agent's record pages gives, through the client's zod schemas, exactly
 * what node-soap's parser gives, and leaves to node-soap what it does not read.
 */
const envelope = (body: string) =>
  `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"  xmlns:tns="urn:sage100-zoho-sync:agent:v1"><soap:Body>${body}</soap:Body></soap:Envelope>`;
const answer = (op: string, inner: string) =>
  envelope(`<${op} xmlns="urn:sage100-zoho-sync:agent:v1">${inner}</${op}>`);
const field = (name: string, value?: string) =>
  `<Field><Name>${name}</Name>${value === undefined ? '' : `<Value>${value}</Value>`}</Field>`;

describe('agent answer reader', () => {
  let wsdl: { xmlToObject(xml: string): { Body: Record<string, unknown> } };
  beforeAll(async () => {
    wsdl = (await soap.createClientAsync(AGENT_WSDL_PATH, {})).wsdl as never;
  });

  const both = (op: string, inner: string, schema: { parse(v: unknown): unknown }) => {
    const xml = answer(op, inner);
    const fast = readAgentAnswer(xml) as { Body: Record<string, unknown> } | undefined;
    expect(fast).toBeDefined();
    return {
      soap: schema.parse(wsdl.xmlToObject(xml).Body[op]),
      fast: schema.parse(fast!.Body[op]),
    };
  };

  it('reads a feed page as node-soap does: nulls, empty values, entities, trimming, counts', () => {
    const row =
      field('CustomerNo', 'ABF') +
      field('Empty', '') +
      field('SelfClosed').replace('</Name>', '</Name><Value/>') +
      field('Null') +
      field('Text', '  A &amp; B &lt;c&gt; &quot;d&quot; &apos;e&apos; &#233; &#x1F600;  ') +
      field('Blank', '   ');
    const { soap: bySoap, fast } = both(
      'GetChangesResponse',
      `<Records><Record>${row}</Record><Record>${field('CustomerNo', 'X2')}</Record></Records>` +
        '<HasMore>true</HasMore><SageNow><Date>20261201</Date><Time>9.88244</Time></SageNow><Remaining>12</Remaining>',
      changesSchema,
    );
    expect(fast).toEqual(bySoap);
    expect(fast).toEqual({
      records: [
        {
          CustomerNo: 'ABF',
          Empty: '',
          SelfClosed: '',
          Null: null,
          Text: 'A & B <c> "d" \'e\' é 😀',
          Blank: '',
        },
        { CustomerNo: 'X2' },
      ],
      hasMore: true,
      sageNow: { date: '20261201', time: '9.88244' },
      remaining: 12,
    });
  });

  it('reads pages with no records, one record, and the other record answers', () => {
    for (const records of ['<Records/>', '<Records></Records>']) {
      const page = both(
        'GetChangesResponse',
        `${records}<HasMore>false</HasMore><SageNow><Date>20261201</Date><Time>9.8</Time></SageNow>`,
        changesSchema,
      );
      expect(page.fast).toEqual(page.soap);
      expect(page.fast).toMatchObject({ records: [], hasMore: false });
    }
    const one = both(
      'GetRecordsResponse',
      `<Records><Record>${field('CustomerNo', 'ONE')}</Record></Records>`,
      recordsResponseSchema,
    );
    expect(one.fast).toEqual(one.soap);
    expect(one.fast).toEqual([{ CustomerNo: 'ONE' }]);
    const listed = both(
      'ListRecordsResponse',
      `<Records><Record>${field('K', '1')}</Record></Records><HasMore>false</HasMore>`,
      listRecordsSchema,
    );
    expect(listed.fast).toEqual(listed.soap);
    const children = both(
      'GetChildrenResponse',
      `<Records><Record>${field('ContactCode', 'ART')}</Record></Records>`,
      recordsResponseSchema,
    );
    expect(children.fast).toEqual([{ ContactCode: 'ART' }]);
  });

  it('leaves faults, other answers and XML it does not read to node-soap', () => {
    const page = (inner: string) => answer('GetRecordsResponse', `<Records>${inner}</Records>`);
    const cases = {
      fault: envelope(
        '<soap:Fault><faultcode>soap:Client</faultcode><faultstring>bad</faultstring></soap:Fault>',
      ),
      'another answer': answer('GetHealthResponse', '<Healthy>true</Healthy>'),
      comment: page(`<!-- note --><Record>${field('A', '1')}</Record>`),
      cdata: page(`<Record><Field><Name>A</Name><Value><![CDATA[x]]></Value></Field></Record>`),
      attribute: page(`<Record><Field><Name>A</Name><Value xsi:nil="true"/></Field></Record>`),
      'unknown entity': page(`<Record>${field('A', '&nbsp;')}</Record>`),
      'bare ampersand': page(`<Record>${field('A', 'a & b')}</Record>`),
      'mixed content': page(`<Record>text${field('A', '1')}</Record>`),
      'unclosed element': page(`<Record>${field('A', '1')}`),
      'wrong closing tag': page(`<Record>${field('A', '1')}</Field>`),
    };
    for (const [name, xml] of Object.entries(cases)) {
      expect({ name, read: readAgentAnswer(xml) }).toEqual({ name, read: undefined });
    }
  });
});
