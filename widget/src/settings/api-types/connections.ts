import type { RunSummary } from './runs.js';

/** The settings tab's wire shapes for the connections, their checks, health, activity and notifications. */

export interface Check {
  id: string;
  status: 'passed' | 'failed' | 'warning' | 'skipped';
  message: string;
  fix?: string;
}

export interface ZohoConnection {
  connected: boolean;
  orgId: string | null;
  orgName: string | null;
  dataCentre?: string;
  edition?: string | null;
  connectedAt?: string;
  connectedBy?: { id: string; name: string | null; email: string | null } | null;
  vendorsAvailable?: boolean;
  vendorsReason?: string | null;
  /** `{module}` and `{id}` to fill: the record's page in Zoho CRM. */
  recordUrlTemplate?: string | null;
}

export interface SageConnection {
  configured: boolean;
  endpointUrl?: string;
  companyCode?: string;
  username?: string;
  passwordSet?: boolean;
  timeZone?: string;
  lengthProfile?: '2018' | '2023';
  /** AR division (two digits) for customers created from Zoho when the mapping sets none. */
  defaultDivision?: string;
  agentUrl?: string | null;
  agentTokenSet?: boolean;
  updatedAt?: string;
}

export interface Activity {
  days: string[];
  modules: Array<{ module: string; synced: number[]; failed: number[]; skipped: number[] }>;
}

export interface Health {
  zoho: {
    connected: boolean;
    dataCentre?: string;
    creditsUsed24h?: number;
    /** Against this product's share (ZOHO_CREDIT_SHARE) of the edition's daily credits. */
    credits?: {
      used: number;
      /** Null: the edition is unlimited. */
      dailyCredits: number | null;
      budget: number | null;
      share: number;
      exhausted: boolean;
      /** When exhausted: when the oldest calls leave Zoho's rolling 24 hours. */
      resumesAt?: string | null;
    } | null;
  };
  sage: { configured: boolean; companyCode?: string; agent?: boolean };
  sync: {
    state: 'ok' | 'failing' | 'never_run' | 'not_connected';
    lastSucceeded: RunSummary | null;
    lastFailed: RunSummary | null;
    /** Modules whose newest run failed, no good run since (`failing` when any). */
    failingModules: string[];
    failedLast24h: number;
  };
}

export interface NotificationSettings {
  mode: 'off' | 'failures' | 'every' | 'digest';
  emails: string[];
  webhookUrl: string | null;
  webhookSecretSet: boolean;
  updatedAt: string | null;
  /** Only in the answer to the save that generated it. */
  webhookSecret?: string;
}

export interface Delivery {
  id: number;
  channel: 'email' | 'webhook';
  kind: 'run' | 'digest' | 'test';
  runId?: string;
  target: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastError?: string | null;
  createdAt: string;
}
