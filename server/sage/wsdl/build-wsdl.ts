import { CONTRACT_TYPES, type MemberDef } from '../contracts.js';

/**
 * Builds MasBasicWsdl.wsdl and MasBasicWsdl.xsd from the contract definitions. The committed
 * files are this function's output (a test checks it); regenerate with
 * `npx tsx server/sage/wsdl/write-wsdl.ts`. Not Sage's text: a reconstruction from
 * ../shared/reference/sage100-ebws.md §5.4, to be replaced by a capture from a real install.
 */

export const EBWS_NAMESPACE = 'http://mas90.sage.com/ws';
export const CONTRACT_NAME = 'IMasBasicWsdl';
export const SERVICE_NAME = 'MasBasicWsdl';
export const PORT_NAME = 'BasicHttpBinding_IMasBasicWsdl';
export const XSD_FILE = 'MasBasicWsdl.xsd';

interface Param {
  name: string;
  type: string;
}
const logon: Param[] = [
  { name: 'logon', type: 'tns:Logon' },
  { name: 'companyCode', type: 'xs:string' },
];
const s = (name: string): Param => ({ name, type: 'xs:string' });

/** Every operation of reference §2.1 except the two credit-card ones (out of scope, ADR 0010). */
export const OPERATIONS: Array<{ name: string; params: Param[]; result?: string }> = [
  { name: 'GetContractInformation', params: [], result: 'tns:ContractInformation' },
  { name: 'GetDiagnosticInformation', params: [], result: 'tns:DiagnosticInformation' },
  { name: 'GetSalesOrder', params: [...logon, s('salesOrderNo')], result: 'tns:SalesOrder' },
  { name: 'GetNextSalesOrderNo', params: logon, result: 'xs:string' },
  {
    name: 'GetSalesOrderTemplate',
    params: [...logon, s('arDivisionNo'), s('customerNo')],
    result: 'tns:SalesOrder',
  },
  {
    name: 'PreviewSalesOrder',
    params: [...logon, { name: 'salesOrder', type: 'tns:SalesOrder' }],
    result: 'tns:SalesOrder',
  },
  { name: 'CreateSalesOrder', params: [...logon, { name: 'salesOrder', type: 'tns:SalesOrder' }] },
  { name: 'UpdateSalesOrder', params: [...logon, { name: 'salesOrder', type: 'tns:SalesOrder' }] },
  { name: 'DeleteSalesOrder', params: [...logon, s('salesOrderNo')] },
  {
    name: 'GetCustomer',
    params: [...logon, s('arDivisionNo'), s('customerNo')],
    result: 'tns:Customer',
  },
  { name: 'GetNextCustomerNo', params: logon, result: 'xs:string' },
  { name: 'CreateCustomer', params: [...logon, { name: 'customer', type: 'tns:Customer' }] },
  { name: 'UpdateCustomer', params: [...logon, { name: 'customer', type: 'tns:Customer' }] },
  { name: 'DeleteCustomer', params: [...logon, s('arDivisionNo'), s('customerNo')] },
  {
    name: 'GetCustomerContact',
    params: [...logon, s('arDivisionNo'), s('customerNo'), s('contactCode')],
    result: 'tns:CustomerContact',
  },
  {
    name: 'CreateCustomerContact',
    params: [...logon, { name: 'customerContact', type: 'tns:CustomerContact' }],
  },
  {
    name: 'UpdateCustomerContact',
    params: [...logon, { name: 'customerContact', type: 'tns:CustomerContact' }],
  },
  {
    name: 'DeleteCustomerContact',
    params: [...logon, s('arDivisionNo'), s('customerNo'), s('contactCode')],
  },
];

const XS_TYPE: Record<MemberDef['kind'], string> = {
  string: 'xs:string',
  flag: 'xs:string',
  decimal: 'xs:decimal',
  date: 'xs:dateTime',
  dateTime: 'xs:dateTime',
  fields: 'tns:ArrayOfField',
  lines: 'tns:ArrayOfSalesOrderLine',
  payments: 'tns:ArrayOfSalesOrderPayment',
};

const el = (name: string, type: string, extra = '') =>
  `<xs:element minOccurs="0" name="${name}"${extra} nillable="true" type="${type}"/>`;

function complexType(name: string, members: Array<{ name: string; type: string }>): string {
  const body = members.map((m) => `      ${el(m.name, m.type)}`).join('\n');
  return `  <xs:complexType name="${name}">\n    <xs:sequence>\n${body}\n    </xs:sequence>\n  </xs:complexType>\n  <xs:element name="${name}" nillable="true" type="tns:${name}"/>`;
}

function arrayType(item: string): string {
  return `  <xs:complexType name="ArrayOf${item}">\n    <xs:sequence>\n      <xs:element minOccurs="0" maxOccurs="unbounded" name="${item}" nillable="true" type="tns:${item}"/>\n    </xs:sequence>\n  </xs:complexType>\n  <xs:element name="ArrayOf${item}" nillable="true" type="tns:ArrayOf${item}"/>`;
}

const contractMembers = (defs: readonly MemberDef[]) =>
  defs.map((m) => ({ name: m.name, type: XS_TYPE[m.kind] }));

export function buildXsd(): string {
  const types = [
    complexType('Logon', [s('Password'), s('Username')]),
    complexType('ContractInformation', [
      s('AssemblyVersion'),
      { name: 'ContractVersion', type: 'xs:int' },
      { name: 'NullDateTime', type: 'xs:dateTime' },
    ]),
    complexType('DiagnosticInformation', [s('Information')]),
    complexType('MasFault', [s('ErrorCode'), s('ErrorMessage')]),
    ...Object.entries(CONTRACT_TYPES).map(([name, defs]) =>
      complexType(name, contractMembers(defs)),
    ),
    arrayType('Field'),
    arrayType('SalesOrderLine'),
    arrayType('SalesOrderPayment'),
  ];
  const wrappers = OPERATIONS.flatMap((op) => [
    `  <xs:element name="${op.name}">\n    <xs:complexType>\n      <xs:sequence>${op.params
      .map((p) => `\n        ${el(p.name, p.type)}`)
      .join('')}\n      </xs:sequence>\n    </xs:complexType>\n  </xs:element>`,
    `  <xs:element name="${op.name}Response">\n    <xs:complexType>\n      <xs:sequence>${
      op.result ? `\n        ${el(`${op.name}Result`, op.result)}` : ''
    }\n      </xs:sequence>\n    </xs:complexType>\n  </xs:element>`,
  ]);
  return `<?xml version="1.0" encoding="utf-8"?>
<!-- Generated by server/sage/wsdl/build-wsdl.ts from server/sage/contracts.ts. Do not edit by hand. -->
<xs:schema elementFormDefault="qualified" targetNamespace="${EBWS_NAMESPACE}" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tns="${EBWS_NAMESPACE}">
${[...wrappers, ...types].join('\n')}
</xs:schema>
`;
}

export function buildWsdl(schemaLocation = XSD_FILE): string {
  const messages = OPERATIONS.flatMap((op) => [
    `  <wsdl:message name="${CONTRACT_NAME}_${op.name}_InputMessage">\n    <wsdl:part name="parameters" element="tns:${op.name}"/>\n  </wsdl:message>`,
    `  <wsdl:message name="${CONTRACT_NAME}_${op.name}_OutputMessage">\n    <wsdl:part name="parameters" element="tns:${op.name}Response"/>\n  </wsdl:message>`,
    `  <wsdl:message name="${CONTRACT_NAME}_${op.name}_MasFaultFault_FaultMessage">\n    <wsdl:part name="detail" element="tns:MasFault"/>\n  </wsdl:message>`,
  ]);
  const portOps = OPERATIONS.map(
    (op) =>
      `    <wsdl:operation name="${op.name}">\n      <wsdl:input wsaw:Action="${EBWS_NAMESPACE}/${CONTRACT_NAME}/${op.name}" message="tns:${CONTRACT_NAME}_${op.name}_InputMessage"/>\n      <wsdl:output wsaw:Action="${EBWS_NAMESPACE}/${CONTRACT_NAME}/${op.name}Response" message="tns:${CONTRACT_NAME}_${op.name}_OutputMessage"/>\n      <wsdl:fault wsaw:Action="${EBWS_NAMESPACE}/${CONTRACT_NAME}/${op.name}MasFaultFault" name="MasFaultFault" message="tns:${CONTRACT_NAME}_${op.name}_MasFaultFault_FaultMessage"/>\n    </wsdl:operation>`,
  );
  const bindingOps = OPERATIONS.map(
    (op) =>
      `    <wsdl:operation name="${op.name}">\n      <soap:operation soapAction="${EBWS_NAMESPACE}/${CONTRACT_NAME}/${op.name}" style="document"/>\n      <wsdl:input>\n        <soap:body use="literal"/>\n      </wsdl:input>\n      <wsdl:output>\n        <soap:body use="literal"/>\n      </wsdl:output>\n      <wsdl:fault name="MasFaultFault">\n        <soap:fault name="MasFaultFault" use="literal"/>\n      </wsdl:fault>\n    </wsdl:operation>`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<!-- Generated by server/sage/wsdl/build-wsdl.ts from server/sage/contracts.ts. Do not edit by hand.
     A reconstruction of Sage 100 eBWS MasBasicWsdl.svc (not Sage's text): SOAP 1.1, document/literal wrapped. -->
<wsdl:definitions name="${SERVICE_NAME}" targetNamespace="${EBWS_NAMESPACE}" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:wsaw="http://www.w3.org/2006/05/addressing/wsdl" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:tns="${EBWS_NAMESPACE}">
  <wsdl:types>
    <xsd:schema targetNamespace="${EBWS_NAMESPACE}/Imports">
      <xsd:import schemaLocation="${schemaLocation}" namespace="${EBWS_NAMESPACE}"/>
    </xsd:schema>
  </wsdl:types>
${messages.join('\n')}
  <wsdl:portType name="${CONTRACT_NAME}">
${portOps.join('\n')}
  </wsdl:portType>
  <wsdl:binding name="${PORT_NAME}" type="tns:${CONTRACT_NAME}">
    <soap:binding transport="http://schemas.xmlsoap.org/soap/http"/>
${bindingOps.join('\n')}
  </wsdl:binding>
  <wsdl:service name="${SERVICE_NAME}">
    <wsdl:port name="${PORT_NAME}" binding="tns:${PORT_NAME}">
      <soap:address location="http://localhost/eBusinessWebServices/MasBasicWsdl.svc"/>
    </wsdl:port>
  </wsdl:service>
</wsdl:definitions>
`;
}
