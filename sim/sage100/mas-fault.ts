import { EBWS_NAMESPACE } from '../../server/sage/wsdl/build-wsdl.js';

/**
 * A Sage business fault as eBWS sends it: SOAP 1.1 fault, `a:CODE` faultcode, the message as
 * faultstring, and a MasFault detail with ErrorCode/ErrorMessage (reference §4.1). Codes Sage is
 * known to use: CI_NoKey, WS_AlreadyExists, CI_NOF, CI_CharLength. The codes for logon, company,
 * permission, lock and read-only faults are not public; the simulator's choices are in
 * SIM_FAULT_CODES and docs/simulators.md, and the client classifies those by message as well.
 */
export class MasFaultError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'MasFaultError';
  }
}

/** "An exception occurred.": what eBWS answers for any unexpected server error. */
export class ServerExceptionError extends Error {
  constructor() {
    super('An exception occurred.');
    this.name = 'ServerExceptionError';
  }
}

export const SIM_FAULT_CODES = {
  logon: 'WS_LogonFailure',
  unknownCompany: 'WS_InvalidCompany',
  companyDisabled: 'WS_CompanyNotEnabled',
  noAccess: 'WS_NoAccess',
  locked: 'WS_RecordInUse',
  readOnly: 'CI_ReadOnly',
  invalidValue: 'CI_Invalid',
  required: 'CI_Required',
  unsupported: 'WS_NotSupported',
} as const;

export const LOGON_FAILURE_MESSAGE =
  'Logon failure: The user logon or password does not match or the user logon is not enabled for web services.';
export const NO_ACCESS_MESSAGE = 'No Access - you are not authorized to perform this action';

/** node-soap's fault object for a thrown error: MasFault detail, or the bare exception text. */
export function toSoapFault(err: unknown): { Fault: Record<string, unknown> } {
  if (err instanceof MasFaultError) {
    return {
      Fault: {
        faultcode: { attributes: { 'xmlns:a': EBWS_NAMESPACE }, $value: `a:${err.code}` },
        faultstring: err.message,
        detail: {
          MasFault: {
            attributes: { xmlns: EBWS_NAMESPACE },
            ErrorCode: err.code,
            ErrorMessage: err.message,
          },
        },
        statusCode: 500,
      },
    };
  }
  // WCF hides unexpected exceptions behind one fixed message (reference §4.1).
  return {
    Fault: {
      faultcode: {
        attributes: {
          'xmlns:a':
            'http://schemas.microsoft.com/net/2005/12/windowscommunicationfoundation/dispatcher',
        },
        $value: 'a:InternalServiceFault',
      },
      faultstring: 'An exception occurred.',
      statusCode: 500,
    },
  };
}
