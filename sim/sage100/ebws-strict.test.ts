import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../test/sage/harness.js';

/** The simulator refuses what a WCF basicHttpBinding host refuses, in WCF's own shapes. */

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const NS = 'http://mas90.sage.com/ws';
const S11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const S12 = 'http://www.w3.org/2003/05/soap-envelope';
const LOGON =
  '<logon><Password>Sage100!</Password><Username>webuser</Username></logon><companyCode>ABC</companyCode>';
const GET_ABF = `${LOGON}<arDivisionNo>01</arDivisionNo><customerNo>ABF</customerNo>`;

interface PostOptions {
  action?: string | null;
  contentType?: string;
  envelopeNs?: string;
  wrapper?: string;
}

async function post(operation: string, inner: string, o: PostOptions = {}) {
  const headers: Record<string, string> = {
    'Content-Type': o.contentType ?? 'text/xml; charset=utf-8',
  };
  const action = o.action === undefined ? `"${NS}/IMasBasicWsdl/${operation}"` : o.action;
  if (action !== null) headers.SOAPAction = action;
  const wrapper = o.wrapper ?? `${operation} xmlns="${NS}"`;
  const res = await fetch(h.sim.url, {
    method: 'POST',
    headers,
    body: `<s:Envelope xmlns:s="${o.envelopeNs ?? S11}"><s:Body><${wrapper}>${inner}</${operation}></s:Body></s:Envelope>`,
  });
  return { status: res.status, text: await res.text() };
}

describe('eBWS simulator: strict the way WCF is', () => {
  it('answers a well-formed request (the control case)', async () => {
    const { status, text } = await post('GetCustomer', GET_ABF);
    expect(status).toBe(200);
    expect(text).toContain('<CustomerName>American Business Futures</CustomerName>');
  });

  it('refuses a request without SOAPAction with an ActionNotSupported SOAP 1.1 fault', async () => {
    const { status, text } = await post('GetCustomer', GET_ABF, { action: null });
    expect(status).toBe(500);
    expect(text).toMatch(new RegExp(`^<s:Envelope xmlns:s="${S11}"><s:Body><s:Fault>`));
    expect(text).toContain(
      '<faultcode xmlns:a="http://schemas.microsoft.com/ws/2005/05/addressing/none">a:ActionNotSupported</faultcode>',
    );
    expect(text).toContain(
      "The message with Action '' cannot be processed at the receiver, due to a ContractFilter mismatch",
    );
    expect(text).not.toMatch(/<(soap:|s:)?(Code|Reason)>|TypeError/);
    expect(h.sim.calls).not.toContain('');
  });

  it('refuses a SOAPAction naming another operation or contract', async () => {
    for (const action of [
      `"${NS}/IMasBasicWsdl/GetEverything"`,
      `"${NS}/IOtherContract/GetCustomer"`,
      'GetCustomer',
    ]) {
      const { status, text } = await post('GetCustomer', GET_ABF, { action });
      expect(status).toBe(500);
      expect(text).toContain('a:ActionNotSupported</faultcode>');
      expect(text).toContain(`Action '${action.replace(/"/g, '')}'`);
      expect(text).not.toContain('TypeError');
    }
  });

  it('refuses a SOAP 1.2 envelope (VersionMismatch) and a SOAP 1.2 content type (415)', async () => {
    const v12 = await post('GetCustomer', GET_ABF, { envelopeNs: S12 });
    expect(v12.status).toBe(500);
    expect(v12.text).toContain(`<faultcode xmlns:a="${S11}">a:VersionMismatch</faultcode>`);
    expect(v12.text).toContain(`incoming message (Soap12 (${S12}))`);
    const ct = await post('GetCustomer', GET_ABF, {
      contentType: `application/soap+xml; charset=utf-8; action="${NS}/IMasBasicWsdl/GetCustomer"`,
    });
    expect(ct.status).toBe(415);
    expect(ct.text).toContain("was not the expected type 'text/xml; charset=utf-8'");
  });

  it('refuses a wrapper in the wrong namespace or unqualified', async () => {
    for (const wrapper of ['GetCustomer xmlns="http://tempuri.org/"', 'GetCustomer']) {
      const { status, text } = await post('GetCustomer', GET_ABF, { wrapper });
      expect(status).toBe(500);
      expect(text).toContain('a:DeserializationFailed</faultcode>');
      expect(text).toContain(
        `Expected to find node type 'Element' with name 'GetCustomer' and namespace '${NS}'`,
      );
    }
  });

  it('ignores unqualified, wrong-namespace and out-of-order members, as DataContractSerializer does', async () => {
    const unqualified = await post(
      'GetCustomer',
      `<logon xmlns=""><Password>Sage100!</Password><Username>webuser</Username></logon><companyCode>ABC</companyCode><arDivisionNo>01</arDivisionNo><customerNo>ABF</customerNo>`,
    );
    expect(unqualified.status).toBe(500);
    expect(unqualified.text).toContain('Logon failure'); // no logon was read
    const otherNs = await post(
      'GetCustomer',
      `${LOGON}<arDivisionNo>01</arDivisionNo><x:customerNo xmlns:x="urn:other">ABF</x:customerNo>`,
    );
    expect(otherNs.text).toContain('The Customer No is required.'); // customerNo was not read
    const outOfOrder = await post(
      'GetCustomer',
      `<logon><Username>webuser</Username><Password>Sage100!</Password></logon><companyCode>ABC</companyCode><arDivisionNo>01</arDivisionNo><customerNo>ABF</customerNo>`,
    );
    expect(outOfOrder.text).toContain('Logon failure'); // Password after Username is skipped
  });

  it('refuses control characters, raw or as character references (HTTP 400)', async () => {
    for (const name of ['Bell\u0007Co', 'Tab&#x0B;Co', 'Ref&#7;Co']) {
      const { status, text } = await post(
        'UpdateCustomer',
        `${LOGON}<customer><ARDivisionNo>01</ARDivisionNo><CustomerName>${name}</CustomerName><CustomerNo>ABF</CustomerNo></customer>`,
      );
      expect(status).toBe(400);
      expect(text).toBe('');
    }
    const company = h.store.company('ABC')!;
    expect(
      company.get('AR_Customer', { ARDivisionNo: '01', CustomerNo: 'ABF' })?.CustomerName,
    ).toBe('American Business Futures');
  });

  it('sends a control character stored in Sage as a character reference, and the client reads it', async () => {
    h.store.company('ABC')!.update(
      'AR_Customer',
      { ARDivisionNo: '01', CustomerNo: 'ABF' },
      {
        CustomerName: 'Bell\u0007Co',
      },
    );
    const { status, text } = await post('GetCustomer', GET_ABF);
    expect(status).toBe(200);
    expect(text).toContain('<CustomerName>Bell&#x7;Co</CustomerName>');
    // eslint-disable-next-line no-control-regex
    expect(text).not.toMatch(/[\u0000-\u0008]/);
    const customer = await h.client().getCustomer({ ARDivisionNo: '01', CustomerNo: 'ABF' });
    expect(customer.value.CustomerName).toBe('Bell\u0007Co');
  });

  it('reports TimeUpdated 23.99999 as 23:59:59, never 24:00:00', async () => {
    h.store.company('ABC')!.bulkImport('AR_Customer', [
      {
        ARDivisionNo: '01',
        CustomerNo: 'LATE',
        CustomerName: 'Late Co',
        DateUpdated: '20261120',
        TimeUpdated: '23.99999',
      },
    ]);
    const { text } = await post(
      'GetCustomer',
      `${LOGON}<arDivisionNo>01</arDivisionNo><customerNo>LATE</customerNo>`,
    );
    expect(text).toContain('<DateTimeUpdated>2026-11-20T23:59:59</DateTimeUpdated>');
  });
});
