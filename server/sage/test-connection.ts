import type { Logger } from '../logging.js';
import { SageEbwsClient, normaliseEndpoint, type SageEndpointSettings } from './ebws-client.js';
import type { SageError } from './errors.js';
import { EBWS_TRANSPORT_ADVICE, toSageError } from './fault-mapping.js';
import type { ContractInformation } from './records.js';

/**
 * "Test connection" for the admin's settings form: first reachability (GetContractInformation,
 * no logon), then logon and company with a harmless read (GetCustomer of a key that is not
 * expected to exist: "does not exist" proves logon, company and View permission, and consumes
 * nothing, unlike GetNext*). Each failure gets a plain message the admin can act on.
 */

export type ConnectionStep = 'url' | 'reachability' | 'logon';

export interface ConnectionTestResult {
  ok: boolean;
  /** The step that failed, when one did. */
  failedStep?: ConnectionStep;
  /** What the admin should read. */
  message: string;
  /** The typed failure behind the message. */
  error?: { kind: SageError['kind']; code?: string; detail: string };
  contract?: ContractInformation;
  warnings: string[];
}

/** The key read by the logon step; a customer number nobody uses. */
export const PROBE_CUSTOMER = { ARDivisionNo: '00', CustomerNo: 'ZZ-CONNECTION-TEST' };

export function adminMessage(err: SageError, settings: SageEndpointSettings): string {
  const host = safeHost(settings.endpointUrl);
  switch (err.kind) {
    case 'unreachable':
      return `Cannot reach Sage 100 web services at ${host} (${err.code ?? 'no connection'}). ${EBWS_TRANSPORT_ADVICE.unreachable}`;
    case 'timeout':
      return `Sage 100 web services at ${host} did not answer in time. ${EBWS_TRANSPORT_ADVICE.timeout}`;
    case 'connection_dropped':
      return `The connection to ${host} was closed before Sage 100 answered. ${EBWS_TRANSPORT_ADVICE.connection_dropped}`;
    case 'tls':
      return `The certificate of ${host} was rejected (${err.code ?? 'TLS error'}). ${EBWS_TRANSPORT_ADVICE.tls}`;
    case 'protocol':
      return `${host} answered, but not as Sage 100 eBusiness Web Services (${err.message}). The URL should end in /eBusinessWebServices/MasBasicWsdl.svc.`;
    case 'contract':
      return `${host} refused the request as not matching its service contract (${err.code ?? 'contract mismatch'}: ${err.message}). The Web Services URL must be Sage 100's eBusiness Web Services endpoint, ending in /eBusinessWebServices/MasBasicWsdl.svc; another service or an eBWS version this product does not support answers like this. Retrying will not help: correct the URL (or tell support the Sage 100 version).`;
    case 'logon':
      return `Sage 100 rejected user "${settings.username}": the password is wrong, or the user is not enabled for web services (User Maintenance > Enable Web Services).`;
    case 'company':
      return `Company code "${settings.companyCode}" is unknown to Sage 100 or not enabled for web services (Company Maintenance > Enable Web Services).`;
    case 'no_access':
      return `User "${settings.username}" has no permission for this in company "${settings.companyCode}". Give the user's role the Accounts Receivable > Customer Maintenance and Sales Order > Sales Order Entry tasks (View, Create, Modify).`;
    case 'server':
      return `Sage 100 answered "An exception occurred." The details are in the eBusiness Web Services log on the Sage server (Windows Event Log).`;
    case 'locked':
      return `The record is in use by another Sage 100 user. Try again when it is closed.`;
    default:
      return err.message;
  }
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

export async function testSageConnection(
  settings: SageEndpointSettings,
  options: { logger: Logger; timeoutMs?: number; ca?: string | string[] },
): Promise<ConnectionTestResult> {
  const warnings: string[] = [];
  let client: SageEbwsClient;
  try {
    const endpoint = normaliseEndpoint(settings.endpointUrl);
    if (endpoint.startsWith('http:')) {
      warnings.push(
        'The Web Services URL is not https: Sage says eBusiness Web Services should never be used without SSL.',
      );
    }
    client = new SageEbwsClient(settings, {
      logger: options.logger,
      timeoutMs: options.timeoutMs ?? 15_000,
      ca: options.ca,
      retry: { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 }, // the admin is waiting: no retries
    });
  } catch (err) {
    return {
      ok: false,
      failedStep: 'url',
      message: `The settings are not usable: ${(err as Error).message}. The Web Services URL looks like https://sage.example.com/eBusinessWebServices/MasBasicWsdl.svc.`,
      warnings,
    };
  }

  let contract: ContractInformation;
  try {
    contract = (await client.getContractInformation()).value;
  } catch (raw) {
    const err = toSageError(raw, 'GetContractInformation');
    return failure('reachability', err, settings, warnings);
  }

  try {
    await client.getCustomer(PROBE_CUSTOMER);
  } catch (raw) {
    const err = toSageError(raw, 'GetCustomer');
    if (err.kind !== 'not_found') return { ...failure('logon', err, settings, warnings), contract };
  }
  return {
    ok: true,
    message: `Connected to Sage 100 company ${settings.companyCode} as ${settings.username} (eBWS ${contract.AssemblyVersion}, contract ${contract.ContractVersion}).`,
    contract,
    warnings,
  };
}

function failure(
  step: ConnectionStep,
  err: SageError,
  settings: SageEndpointSettings,
  warnings: string[],
): ConnectionTestResult {
  return {
    ok: false,
    failedStep: step,
    message: adminMessage(err, settings),
    error: { kind: err.kind, code: err.code, detail: err.message },
    warnings,
  };
}
