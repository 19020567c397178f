import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildWsdl, buildXsd } from '../../server/sage/wsdl/build-wsdl.js';
import { WSDL_PATH, XSD_PATH } from '../../server/sage/wsdl/files.js';
import { startHarness, type Harness } from '../../test/sage/harness.js';

/** The simulator on the wire: raw SOAP 1.1 envelopes, as a non-node-soap client would send them. */

let h: Harness;
let h2023: Harness;
beforeAll(async () => {
  h = await startHarness({ lengthProfile: '2018' });
  h2023 = await startHarness({ lengthProfile: '2023' });
});
afterAll(async () => {
  await h.close();
  await h2023.close();
});

const NS = 'http://mas90.sage.com/ws';
const LOGON =
  '<logon><Password>Sage100!</Password><Username>webuser</Username></logon><companyCode>ABC</companyCode>';

async function post(url: string, operation: string, body: string) {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'Content-Type': 'text/xml; charset=utf-8',
      SOAPAction: `"${NS}/IMasBasicWsdl/${operation}"`,
    },
    body: `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><${operation} xmlns="${NS}">${body}</${operation}></s:Body></s:Envelope>`,
  });
  return { status: res.status, text: await res.text() };
}

describe('eBWS simulator wire format', () => {
  it('the committed WSDL and XSD are what the contract definitions generate', () => {
    expect(fs.readFileSync(WSDL_PATH, 'utf8')).toBe(buildWsdl());
    expect(fs.readFileSync(XSD_PATH, 'utf8')).toBe(buildXsd());
  });

  it('serves ?wsdl importing ?xsd=xsd0 at its own absolute URL, like a WCF host', async () => {
    const wsdl = await (await fetch(h.sim.wsdlUrl)).text();
    expect(wsdl).toContain(`schemaLocation="${h.sim.url}?xsd=xsd0"`);
    expect(wsdl).toContain(`<soap:address location="${h.sim.url}"/>`);
    const xsd = await (await fetch(`${h.sim.url}?xsd=xsd0`)).text();
    expect(xsd).toContain('<xs:complexType name="Customer">');
  });

  it('answers a fault with HTTP 500, an a:CODE faultcode and a MasFault detail', async () => {
    const { status, text } = await post(
      h.sim.url,
      'GetCustomer',
      `${LOGON}<arDivisionNo>01</arDivisionNo><customerNo>NONE</customerNo>`,
    );
    expect(status).toBe(500);
    expect(text).toContain(`<faultcode xmlns:a="${NS}">a:CI_NoKey</faultcode>`);
    expect(text).toContain('<faultstring>Customer does not exist</faultstring>');
    expect(text).toContain(
      `<MasFault xmlns="${NS}"><ErrorCode>CI_NoKey</ErrorCode><ErrorMessage>Customer does not exist</ErrorMessage></MasFault>`,
    );
  });

  it('emits members in ordinal order (ARDivisionNo before AddressLine1) with dates as xs:dateTime', async () => {
    const { status, text } = await post(
      h.sim.url,
      'GetCustomer',
      `${LOGON}<arDivisionNo>01</arDivisionNo><customerNo>ABF</customerNo>`,
    );
    expect(status).toBe(200);
    expect(text.indexOf('<ARDivisionNo>')).toBeLessThan(text.indexOf('<AddressLine1>'));
    expect(text).toContain('<DateEstablished>2019-03-15T00:00:00</DateEstablished>');
    expect(text).toContain('<DateLastPayment>0001-01-01T00:00:00</DateLastPayment>');
  });

  it('GetContractInformation needs no logon; GetDiagnosticInformation is refused remotely', async () => {
    const info = await post(h.sim.url, 'GetContractInformation', '');
    expect(info.text).toContain('<NullDateTime>0001-01-01T00:00:00</NullDateTime>');
    const diag = await post(h.sim.url, 'GetDiagnosticInformation', '');
    expect(diag.text).toContain(
      '&apos;AllowRemoteDiagnostics&apos; must be set to &apos;True&apos; to access this method remotely.',
    );
  });

  it('GetNextCustomerNo advances on every call, even when nothing is created', async () => {
    const a = await post(h.sim.url, 'GetNextCustomerNo', LOGON);
    const b = await post(h.sim.url, 'GetNextCustomerNo', LOGON);
    expect(a.text).toContain('<GetNextCustomerNoResult>0001000</GetNextCustomerNoResult>');
    expect(b.text).toContain('<GetNextCustomerNoResult>0001001</GetNextCustomerNoResult>');
  });

  it('ignores members sent out of schema order, as WCF does', async () => {
    const customer =
      '<customer><CustomerNo>ORD</CustomerNo><ARDivisionNo>01</ARDivisionNo><CustomerName>Out Of Order</CustomerName></customer>';
    const { text } = await post(h.sim.url, 'CreateCustomer', `${LOGON}${customer}`);
    // ARDivisionNo after CustomerNo is dropped, so the key is incomplete.
    expect(text).toContain('The AR Division No is required.');
  });

  it('faults a changed read-only member', async () => {
    const customer =
      '<customer><ARDivisionNo>01</ARDivisionNo><CurrentBalance>99</CurrentBalance><CustomerNo>ABF</CustomerNo></customer>';
    const { text } = await post(h.sim.url, 'UpdateCustomer', `${LOGON}${customer}`);
    expect(text).toContain('<ErrorMessage>The Current Balance is read only.</ErrorMessage>');
  });

  it('checks lengths by profile: 40-character names fail on 2018 and pass on 2023', async () => {
    const name = 'N'.repeat(40);
    const customer = `<customer><ARDivisionNo>01</ARDivisionNo><CustomerName>${name}</CustomerName><CustomerNo>LONG</CustomerNo></customer>`;
    const old = await post(h.sim.url, 'CreateCustomer', `${LOGON}${customer}`);
    expect(old.text).toContain('a:CI_CharLength');
    const widened = await post(h2023.sim.url, 'CreateCustomer', `${LOGON}${customer}`);
    expect(widened.status).toBe(200);
    expect(
      h2023.store.company('ABC')?.get('AR_Customer', { ARDivisionNo: '01', CustomerNo: 'LONG' })
        ?.CustomerName,
    ).toBe(name);
  });

  it('carries out the operation on arrival and answers once the latency has passed', async () => {
    const key = { ARDivisionNo: '01', CustomerNo: 'LATE' };
    const customer = `<customer><ARDivisionNo>01</ARDivisionNo><CustomerName>Late Answer</CustomerName><CustomerNo>LATE</CustomerNo></customer>`;
    h.sim.setLatency(600);
    try {
      let answered = false;
      const call = post(h.sim.url, 'CreateCustomer', `${LOGON}${customer}`).then((r) => {
        answered = true;
        return r;
      });
      // The latency is the server's answer time, its own work inside it: the customer exists
      // while the answer is still held.
      await vi.waitFor(
        () => expect(h.store.company('ABC')?.get('AR_Customer', key)).toBeDefined(),
        {
          timeout: 550,
          interval: 5,
        },
      );
      expect(answered).toBe(false);
      expect((await call).status).toBe(200);
    } finally {
      h.sim.setLatency(0);
    }
  });

  it('adds a steady per-call latency to every call until changed; faults.clear() leaves it', async () => {
    // Timers never fire early, so each call takes at least the latency (a lower bound only).
    const timed = async () => {
      const started = performance.now();
      const { status } = await post(h.sim.url, 'GetNextCustomerNo', LOGON);
      return { status, ms: performance.now() - started };
    };
    h.sim.setLatency(120);
    try {
      h.sim.faults.clear();
      const [a, b] = [await timed(), await timed()];
      expect([a.status, b.status, h.sim.latencyMs]).toEqual([200, 200, 120]);
      expect(Math.min(a.ms, b.ms)).toBeGreaterThanOrEqual(119);
      expect(() => h.sim.setLatency(-1)).toThrow(RangeError);
      expect(() => h.sim.setLatency(Number.NaN)).toThrow(/>= 0 ms/);
      expect(h.sim.latencyMs).toBe(120);
    } finally {
      h.sim.setLatency(0);
    }
    expect(h.sim.latencyMs).toBe(0);
  });
});
