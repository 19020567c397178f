import type http from 'node:http';
import type * as soap from 'soap';
import type { Logger } from 'pino';

const AGENT_FAULT = /<(?:[\w.-]+:)?AgentFault[\s>]/;

/** A SOAP 1.1 InvalidRequest fault in the shape of the handlers' own (agent/faults.ts). */
export const INVALID_REQUEST_FAULT =
  '<?xml version="1.0" encoding="utf-8"?>' +
  '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault>' +
  '<faultcode>soap:Client</faultcode>' +
  '<faultstring>malformed request: not a SOAP request for an agent operation</faultstring>' +
  '<detail><AgentFault><Code>InvalidRequest</Code>' +
  '<Message>malformed request: not a SOAP request for an agent operation</Message></AgentFault>' +
  '</detail></soap:Fault></soap:Body></soap:Envelope>';

/**
 * node-soap answers a request it cannot parse (an empty POST, not XML, an unknown operation) with
 * its own error text: a JavaScript TypeError, or the whole stack with file paths. Every fault
 * the agent means to send carries an AgentFault detail; any other failed answer is replaced by
 * a clean InvalidRequest fault, and what node-soap said is only logged.
 */
export function cleanRequestFaults(soapServer: soap.Server, logger: Logger): void {
  const server = soapServer as unknown as {
    _sendHttpResponse(
      res: http.ServerResponse,
      statusCode: number | undefined,
      body: unknown,
    ): void;
  };
  const send = server._sendHttpResponse.bind(server);
  server._sendHttpResponse = (res, statusCode, body) => {
    const text = typeof body === 'string' ? body : String(body);
    if ((statusCode ?? 200) < 400 || AGENT_FAULT.test(text)) return send(res, statusCode, body);
    // node-soap's text may quote the request; the agent token in it is never logged.
    const said = text.replace(/(<(?:[\w.-]+:)?AgentToken>)[^<]*/g, '$1[redacted]').slice(0, 300);
    logger.warn({ soapError: said }, 'agent request not understood');
    res.setHeader('Content-Type', 'text/xml; charset=utf-8');
    send(res, 500, INVALID_REQUEST_FAULT);
  };
}
