import type { SageConnection } from '../../db/repositories/sage-connections.js';
import type { Logger } from '../../logging.js';
import { AgentClient } from '../../sage/agent-client.js';
import { AgentAuthError, AgentError, AgentResponseError } from '../../sage/agent-errors.js';
import { sageToInstant } from '../../sage/sage-time.js';
import { testSageConnection, type ConnectionTestResult } from '../../sage/test-connection.js';

/**
 * Test Connection as a check list: each thing that must hold for syncing to work, its result, and
 * what to do when it fails. Built on the eBWS connection test (reachability, then logon and
 * company with a harmless read) and the agent's health call (version, Sage's clock).
 */

export const CHECK_IDS = [
  'reachable',
  'tls',
  'logon',
  'company',
  'web_services',
  'agent',
  'agent_version',
  'clock_skew',
] as const;
export type CheckId = (typeof CHECK_IDS)[number];

export interface Check {
  id: CheckId;
  /** passed; failed (syncing cannot work); warning (works, but should be fixed); skipped (an
   * earlier check failed, so this one could not be made). */
  status: 'passed' | 'failed' | 'warning' | 'skipped';
  message: string;
  /** What the admin should do; only on failed and warning. */
  fix?: string;
}

/** A skew above this is reported: the feed's overlap covers less, and times in logs mislead. */
export const CLOCK_SKEW_WARN_SECONDS = 120;

const skip = (id: CheckId, why: string): Check => ({ id, status: 'skipped', message: why });

/** The eBWS half: reachable, TLS, logon, company, web services enabled. */
export function ebwsChecks(
  c: Pick<SageConnection, 'endpointUrl' | 'username' | 'companyCode'>,
  r: ConnectionTestResult,
): Check[] {
  const https = c.endpointUrl.toLowerCase().startsWith('https:');
  const kind = r.error?.kind;
  const after = 'not checked: Sage 100 web services could not be reached';
  if (r.failedStep === 'url' || (r.failedStep === 'reachability' && kind !== 'tls')) {
    return [
      {
        id: 'reachable',
        status: 'failed',
        message: r.message,
        fix:
          r.failedStep === 'url'
            ? 'Correct the Web Services URL, then test again.'
            : 'Check the URL, that the eBusiness Web Services site runs in IIS, and that the firewall lets this server in.',
      },
      skip('tls', after),
      skip('logon', after),
      skip('company', after),
      skip('web_services', after),
    ];
  }
  if (kind === 'tls') {
    return [
      {
        id: 'reachable',
        status: 'passed',
        message: `The server at ${hostOf(c.endpointUrl)} answers.`,
      },
      {
        id: 'tls',
        status: 'failed',
        message: r.message,
        fix: 'Install a certificate from a trusted authority on the eBusiness Web Services site, or give this server the issuing CA (SAGE_EBWS_CA_FILE).',
      },
      skip('logon', 'not checked: the certificate was rejected'),
      skip('company', 'not checked: the certificate was rejected'),
      skip('web_services', 'not checked: the certificate was rejected'),
    ];
  }
  const checks: Check[] = [
    {
      id: 'reachable',
      status: 'passed',
      message: r.contract
        ? `Sage 100 eBusiness Web Services ${r.contract.AssemblyVersion} answers at ${hostOf(c.endpointUrl)}.`
        : `Sage 100 eBusiness Web Services answers at ${hostOf(c.endpointUrl)}.`,
    },
    https
      ? { id: 'tls', status: 'passed', message: 'The certificate is trusted.' }
      : {
          id: 'tls',
          status: 'warning',
          message:
            'The Web Services URL is plain http: passwords and customer data cross the network unencrypted.',
          fix: 'Bind a certificate to the eBusiness Web Services site and use its https:// URL.',
        },
  ];
  if (r.ok) {
    return [
      ...checks,
      { id: 'logon', status: 'passed', message: `Sage 100 accepted user "${c.username}".` },
      {
        id: 'company',
        status: 'passed',
        message: `Company ${c.companyCode} is open to web services.`,
      },
      {
        id: 'web_services',
        status: 'passed',
        message: `User "${c.username}" may read customers in company ${c.companyCode} through web services.`,
      },
    ];
  }
  if (kind === 'logon') {
    return [
      ...checks,
      {
        id: 'logon',
        status: 'failed',
        message: r.message,
        fix: 'Re-enter the password, and in Sage 100 User Maintenance tick "Enable Web Services" for this user.',
      },
      skip('company', 'not checked: the logon failed'),
      skip('web_services', 'not checked: the logon failed'),
    ];
  }
  if (kind === 'company') {
    return [
      ...checks,
      { id: 'logon', status: 'passed', message: `Sage 100 accepted user "${c.username}".` },
      {
        id: 'company',
        status: 'failed',
        message: r.message,
        fix: 'Check the three-character company code, and in Sage 100 Company Maintenance tick "Enable Web Services".',
      },
      skip('web_services', 'not checked: the company was refused'),
    ];
  }
  return [
    ...checks,
    { id: 'logon', status: 'passed', message: `Sage 100 accepted user "${c.username}".` },
    { id: 'company', status: 'passed', message: `Company ${c.companyCode} answers.` },
    {
      id: 'web_services',
      status: 'failed',
      message: r.message,
      fix:
        kind === 'no_access'
          ? "Give the user's role the Customer Maintenance and Sales Order Entry tasks (View, Create, Modify) in Role Maintenance."
          : 'Read the eBusiness Web Services log on the Sage server, then test again.',
    },
  ];
}

/** The agent half: it answers with our contract, and Sage's clock agrees with ours. */
export async function agentChecks(
  c: Pick<SageConnection, 'agentUrl' | 'agentToken' | 'timeZone'>,
  options: { timeoutMs: number; ca?: string; logger: Logger; now?: () => Date },
): Promise<Check[]> {
  if (!c.agentUrl || !c.agentToken) {
    const why = 'not checked: no agent is configured';
    return [
      {
        id: 'agent',
        status: 'failed',
        message:
          'No agent is configured: products, vendors, invoices, GL accounts and change detection need the Sage 100 agent.',
        fix: 'Install the agent on the Sage server (docs/agent.md), then enter its URL and token here.',
      },
      skip('agent_version', why),
      skip('clock_skew', why),
    ];
  }
  let agent: AgentClient | undefined;
  try {
    agent = await AgentClient.create(
      { url: c.agentUrl, token: c.agentToken, timeoutMs: options.timeoutMs, ca: options.ca },
      options.logger,
    );
    const health = await agent.health();
    const checks: Check[] = [
      health.healthy
        ? {
            id: 'agent',
            status: 'passed',
            message: `The agent answers and reads Sage 100 (${health.dataSource}).`,
          }
        : {
            id: 'agent',
            status: 'failed',
            message: `The agent answers but cannot read Sage 100: ${health.message || 'no reason given'}.`,
            fix: "Check the agent's ODBC data source and the Sage user it reads with (see the agent's log).",
          },
      {
        id: 'agent_version',
        status: 'passed',
        message: `Agent ${health.agentVersion}, contract ${health.contractVersion} (supported).`,
      },
    ];
    checks.push(clockCheck(health.sageNow, c.timeZone, (options.now ?? (() => new Date()))()));
    return checks;
  } catch (err) {
    if (!(err instanceof AgentError)) throw err;
    if (err instanceof AgentResponseError && /contract version/.test(err.message)) {
      return [
        { id: 'agent', status: 'passed', message: 'The agent answers.' },
        {
          id: 'agent_version',
          status: 'failed',
          message: `The agent speaks another contract: ${err.message}.`,
          fix: 'Install the agent version that ships with this release on the Sage server.',
        },
        skip('clock_skew', 'not checked: the agent version is not supported'),
      ];
    }
    return [
      {
        id: 'agent',
        status: 'failed',
        message: `The agent did not answer: ${err.message}`,
        fix:
          err instanceof AgentAuthError
            ? "Re-enter the agent token: it must equal the token in the agent's configuration."
            : "Check the agent URL, that the agent's service runs on the Sage server, and that the firewall lets this server reach its port.",
      },
      skip('agent_version', 'not checked: the agent did not answer'),
      skip('clock_skew', 'not checked: the agent did not answer'),
    ];
  } finally {
    agent?.close();
  }
}

export function clockCheck(
  sageNow: { date: string; time: string },
  zone: string,
  now: Date,
): Check {
  const sageInstant = sageToInstant(sageNow.date, sageNow.time, zone);
  const skew = Math.round((sageInstant.getTime() - now.getTime()) / 1000);
  const abs = Math.abs(skew);
  if (abs <= CLOCK_SKEW_WARN_SECONDS) {
    return {
      id: 'clock_skew',
      status: 'passed',
      message: `Sage's clock is within ${abs} s of ours.`,
    };
  }
  const hours = abs / 3600;
  const wholeHours = Math.abs(hours - Math.round(hours)) < 0.02 && hours >= 0.9;
  return {
    id: 'clock_skew',
    status: 'warning',
    message: `Sage's clock is ${abs} s ${skew > 0 ? 'ahead of' : 'behind'} ours (read in time zone ${zone}).`,
    fix: wholeHours
      ? `A skew of whole hours usually means the Sage server time zone is wrong: check it (now ${zone}).`
      : "Set the Sage server's clock from a time server (NTP); changes may be read late until then.",
  };
}

export async function runChecks(
  c: SageConnection,
  options: { timeoutMs: number; agentTimeoutMs: number; ca?: string; logger: Logger },
): Promise<{ ok: boolean; checks: Check[] }> {
  const [ebws, agent] = await Promise.all([
    testSageConnection(c, { logger: options.logger, timeoutMs: options.timeoutMs, ca: options.ca }),
    agentChecks(c, { timeoutMs: options.agentTimeoutMs, ca: options.ca, logger: options.logger }),
  ]);
  const checks = [...ebwsChecks(c, ebws), ...agent];
  return { ok: checks.every((k) => k.status === 'passed' || k.status === 'warning'), checks };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
