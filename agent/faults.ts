/** The fault codes the agent sends in <detail><AgentFault><Code>; agent.wsdl documents them. */
export type AgentFaultCode =
  'AuthenticationFailed' | 'InvalidRequest' | 'NotFound' | 'DataSourceError';

/** A SOAP 1.1 fault in the shape node-soap's server serialises when a handler throws it. */
export interface SoapFault {
  Fault: {
    faultcode: string;
    faultstring: string;
    detail: { AgentFault: { Code: AgentFaultCode; Message: string } };
    statusCode: number;
  };
}

export function agentFault(code: AgentFaultCode, message: string): SoapFault {
  const side = code === 'DataSourceError' ? 'soap:Server' : 'soap:Client';
  return {
    Fault: {
      faultcode: side,
      faultstring: message,
      detail: { AgentFault: { Code: code, Message: message } },
      statusCode: 500,
    },
  };
}

export function isSoapFault(value: unknown): value is SoapFault {
  return typeof value === 'object' && value !== null && 'Fault' in value;
}
