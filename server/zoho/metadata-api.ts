import { ZohoRequestError } from './errors.js';
import { parseReply } from './parse.js';
import {
  fieldCreateResponse,
  fieldsResponse,
  modulesResponse,
  orgResponse,
  usersResponse,
  type FieldMeta,
  type ZohoOrg,
  type ZohoUser,
} from './schemas.js';
import type { Send, WriteOutcome } from './records-api.js';
import { toOutcome } from './write-outcomes.js';

/** Org, users, modules and fields metadata, and custom field creation. */

export interface NewField {
  field_label: string;
  data_type:
    | 'text'
    | 'textarea'
    | 'picklist'
    | 'datetime'
    | 'date'
    | 'website'
    | 'boolean'
    | 'integer'
    | 'double'
    | 'lookup'
    | 'autonumber';
  length?: number;
  /** lookup: the module it points at. */
  lookupModule?: string;
  /** autonumber: Zoho numbers every record (existing ones too) `prefix` + a counter. */
  autoNumber?: { prefix: string; startNumber: number };
  /** Makes the field unique (what upsert's duplicate check relies on). */
  unique?: boolean;
  pick_list_values?: string[];
  tooltip?: string;
}

export interface ModuleInfo {
  apiName: string;
  pluralLabel?: string;
  custom: boolean;
}

/** Zoho's review rule for extensions: at most five custom fields per module. */
export const MAX_FIELDS_PER_CALL = 5;

export class ZohoMetadataApi {
  constructor(private readonly send: Send) {}

  async getOrg(): Promise<ZohoOrg> {
    const reply = await this.send({ method: 'GET', path: '/crm/v8/org' });
    return parseReply(orgResponse, reply.body, 'GET org').org[0]!;
  }

  /** The user whose token makes the call. */
  async getCurrentUser(): Promise<ZohoUser> {
    const reply = await this.send({
      method: 'GET',
      path: '/crm/v8/users',
      query: { type: 'CurrentUser' },
    });
    const user = parseReply(usersResponse, reply.body, 'GET users?type=CurrentUser').users[0];
    if (!user) throw new ZohoRequestError('Zoho returned no current user');
    return user;
  }

  async getUser(userId: string): Promise<ZohoUser | undefined> {
    if (!/^\d+$/.test(userId)) throw new ZohoRequestError(`"${userId}" is not a Zoho user id`);
    const reply = await this.send({ method: 'GET', path: `/crm/v8/users/${userId}` });
    if (reply.status === 204) return undefined;
    return parseReply(usersResponse, reply.body, 'GET users/{id}').users[0];
  }

  async getModules(): Promise<ModuleInfo[]> {
    const reply = await this.send({ method: 'GET', path: '/crm/v8/settings/modules' });
    return parseReply(modulesResponse, reply.body, 'GET settings/modules').modules.map((m) => ({
      apiName: m.api_name,
      pluralLabel: m.plural_label,
      custom: m.generated_type === 'custom',
    }));
  }

  async getFields(module: string): Promise<FieldMeta[]> {
    const reply = await this.send({
      method: 'GET',
      path: '/crm/v8/settings/fields',
      query: { module },
    });
    return parseReply(fieldsResponse, reply.body, 'GET settings/fields').fields;
  }

  /** Creates custom fields on a module; one outcome per field (`id` is the new field's id). */
  async createFields(module: string, fields: NewField[]): Promise<WriteOutcome[]> {
    if (fields.length === 0) return [];
    if (fields.length > MAX_FIELDS_PER_CALL) {
      throw new ZohoRequestError(`at most ${MAX_FIELDS_PER_CALL} fields per module`);
    }
    const reply = await this.send({
      method: 'POST',
      path: '/crm/v8/settings/fields',
      idempotent: false,
      query: { module },
      body: {
        fields: fields.map((f) => ({
          field_label: f.field_label,
          data_type: f.data_type,
          ...(f.length !== undefined ? { length: f.length } : {}),
          ...(f.unique ? { unique: { case_sensitive: false } } : {}),
          ...(f.pick_list_values
            ? {
                pick_list_values: f.pick_list_values.map((v) => ({
                  display_value: v,
                  actual_value: v,
                })),
              }
            : {}),
          ...(f.tooltip ? { tooltip: { name: 'static_text', value: f.tooltip } } : {}),
          ...(f.lookupModule ? { lookup: { module: { api_name: f.lookupModule } } } : {}),
          ...(f.autoNumber
            ? {
                auto_number: {
                  prefix: f.autoNumber.prefix,
                  suffix: '',
                  start_number: f.autoNumber.startNumber,
                },
              }
            : {}),
        })),
      },
    });
    const parsed = parseReply(fieldCreateResponse, reply.body, 'POST settings/fields');
    return parsed.fields.map((entry, index) =>
      entry.status === 'success' && typeof entry.details.id === 'string'
        ? { ok: true as const, index, id: entry.details.id, action: 'insert' as const }
        : toOutcome({ ...entry, status: 'error' }, index),
    );
  }
}
