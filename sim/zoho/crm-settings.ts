import { type Request, type Response, Router } from 'express';
import { CoqlError, runCoql } from './coql.js';
import { crmLocals } from './crm-guard.js';
import { zohoError } from './faults.js';
import { customField, nextAutoNumber, type SimDataType, type SimField } from './modules.js';
import { untickUnset } from './record-writes.js';
import { moduleInEdition, zohoTime } from './store.js';
import { forgetIndex } from './value-index.js';

/** Org, users, fields and modules metadata, custom field creation, and COQL. */

const CREATABLE_TYPES: SimDataType[] = [
  'text',
  'textarea',
  'email',
  'phone',
  'website',
  'picklist',
  'integer',
  'double',
  'currency',
  'boolean',
  'date',
  'datetime',
  'lookup',
  'autonumber',
];

const fieldMeta = (f: SimField): Record<string, unknown> => ({
  id: f.id,
  api_name: f.api_name,
  field_label: f.field_label,
  display_label: f.field_label,
  data_type: f.data_type,
  length: f.length ?? null,
  custom_field: f.custom_field,
  system_mandatory: Boolean(f.mandatory),
  read_only: Boolean(f.read_only),
  // Zoho sends `{}` for a field that is not unique, never null.
  unique: f.unique ? { casesensitive: 'false' } : {},
  ...(f.pick_list_values
    ? { pick_list_values: f.pick_list_values.map((v) => ({ display_value: v, actual_value: v })) }
    : {}),
  ...(f.lookup_module ? { lookup: { module: { api_name: f.lookup_module } } } : {}),
  ...(f.auto_number
    ? {
        auto_number: {
          prefix: f.auto_number.prefix,
          suffix: f.auto_number.suffix,
          start_number: f.auto_number.start_number,
        },
      }
    : {}),
  ...(f.subform_fields ? { subform: { fields: f.subform_fields.map(fieldMeta) } } : {}),
});

export function settingsRouter(): Router {
  const router = Router({ mergeParams: true });
  const bad = (
    res: Response,
    code: string,
    message: string,
    details: Record<string, unknown> = {},
  ) => res.status(400).json(zohoError(code, message, details));

  router.post('/crm/v8/coql', (req, res) => {
    const query = (req.body as { select_query?: unknown })?.select_query;
    if (typeof query !== 'string') {
      bad(res, 'REQUIRED_PARAM_MISSING', 'One of the expected parameter is missing', {
        param_name: 'select_query',
      });
      return;
    }
    try {
      const result = runCoql(crmLocals(res).org, query, crmLocals(res).nowMs);
      if (result.data.length === 0) {
        res.status(204).end();
        return;
      }
      res.json({
        data: result.data,
        info: { count: result.data.length, more_records: result.more },
      });
    } catch (err) {
      if (!(err instanceof CoqlError)) throw err;
      bad(res, err.code, err.message, err.details);
    }
  });

  router.get('/crm/v8/org', (_req, res) => {
    const { org } = crmLocals(res);
    const admin = [...org.users.values()].find((u) => u.profile.name === 'Administrator');
    res.json({
      org: [
        {
          id: org.id,
          zgid: org.zgid,
          company_name: org.company_name,
          primary_email: admin?.email ?? null,
          primary_zuid: admin?.zuid ?? null,
          time_zone: org.time_zone,
          currency: org.currency,
          domain_name: `org${org.id}`,
          country_code: 'US',
          max_per_page: 200,
          license_details: {
            paid: org.edition !== 'free',
            paid_type: org.edition,
            users_license_purchased: org.users.size,
            trial_type: org.trial?.edition ?? null,
            trial_expiry: org.trial ? zohoTime(org.trial.endsMs, org.time_zone) : null,
            trial_action: org.trial ? 'Update Evaluation' : null,
            paid_expiry: null,
          },
        },
      ],
    });
  });

  const userJson = (u: ReturnType<typeof crmLocals>['user']) => ({
    ...u,
    first_name: null,
    last_name: u.full_name,
  });

  router.get('/crm/v8/users', (req, res) => {
    const { org, user } = crmLocals(res);
    const type = String(req.query.type ?? 'AllUsers');
    const users =
      type === 'CurrentUser'
        ? [user]
        : [...org.users.values()].filter((u) => type !== 'ActiveUsers' || u.status === 'active');
    res.json({
      users: users.map(userJson),
      info: { per_page: 200, count: users.length, page: 1, more_records: false },
    });
  });

  router.get('/crm/v8/users/:id', (req, res) => {
    const u = crmLocals(res).org.users.get(String(req.params.id));
    if (!u) {
      res.status(204).end();
      return;
    }
    res.json({ users: [userJson(u)] });
  });

  router.get('/crm/v8/settings/modules', (_req, res) => {
    const { org, nowMs } = crmLocals(res);
    res.json({
      // Modules the org's edition lacks are not listed (Vendors below Professional).
      modules: [...org.modules.values()]
        .filter((m) => moduleInEdition(org, m.def.api_name, nowMs))
        .map((m) => ({
          id: m.def.id,
          api_name: m.def.api_name,
          module_name: m.def.plural_label,
          singular_label: m.def.singular_label,
          plural_label: m.def.plural_label,
          generated_type: m.def.generated_type,
          api_supported: true,
        })),
    });
  });

  const moduleParam = (req: Request, res: Response) => {
    const name = String(req.query.module ?? '');
    const module = moduleInEdition(crmLocals(res).org, name, crmLocals(res).nowMs);
    if (!module)
      bad(res, 'INVALID_MODULE', 'the module name given seems to be invalid', {
        param_name: 'module',
      });
    return module;
  };

  router.get('/crm/v8/settings/fields', (req, res) => {
    const module = moduleParam(req, res);
    if (module) res.json({ fields: module.def.fields.map(fieldMeta) });
  });

  router.post('/crm/v8/settings/fields', (req, res) => {
    const module = moduleParam(req, res);
    if (!module) return;
    const { org } = crmLocals(res);
    const input = (req.body as { fields?: unknown })?.fields;
    if (!Array.isArray(input) || input.length === 0) {
      bad(res, 'REQUIRED_PARAM_MISSING', 'One of the expected parameter is missing', {
        param_name: 'fields',
      });
      return;
    }
    const results = input.map((raw: Record<string, unknown>, i) => {
      const label = typeof raw?.field_label === 'string' ? raw.field_label.trim() : '';
      const type = raw?.data_type as SimDataType;
      const path = `$.fields[${i}]`;
      if (!label)
        return zohoError('MANDATORY_NOT_FOUND', 'required field not found', {
          api_name: 'field_label',
          json_path: `${path}.field_label`,
        });
      if (!CREATABLE_TYPES.includes(type))
        return zohoError('INVALID_DATA', 'invalid data', {
          api_name: 'data_type',
          json_path: `${path}.data_type`,
        });
      if (module.def.fields.some((f) => f.field_label.toLowerCase() === label.toLowerCase())) {
        return zohoError('DUPLICATE_DATA', 'duplicate data', {
          api_name: 'field_label',
          json_path: `${path}.field_label`,
        });
      }
      const picklist = Array.isArray(raw.pick_list_values)
        ? (raw.pick_list_values as Array<{ display_value?: unknown }>).map((p) =>
            String(p.display_value ?? ''),
          )
        : undefined;
      // `unique: {}` (or none) makes an ordinary field; a case rule makes it unique.
      const unique =
        typeof raw.unique === 'object' &&
        raw.unique !== null &&
        Object.keys(raw.unique as object).length > 0;
      // A lookup names the module it points at, as Zoho's field API takes it.
      const lookupModule = (raw.lookup as { module?: { api_name?: unknown } } | undefined)?.module
        ?.api_name;
      if (type === 'lookup' && (typeof lookupModule !== 'string' || !org.modules.has(lookupModule)))
        return zohoError('INVALID_DATA', 'invalid data', {
          api_name: 'lookup',
          json_path: `${path}.lookup.module`,
        });
      const autoNumber = raw.auto_number as
        { prefix?: unknown; suffix?: unknown; start_number?: unknown } | undefined;
      const field = customField({
        field_label: label,
        data_type: type,
        ...(type === 'lookup' ? { lookup_module: lookupModule as string } : {}),
        ...(type === 'autonumber'
          ? {
              auto_number: {
                prefix: typeof autoNumber?.prefix === 'string' ? autoNumber.prefix : '',
                suffix: typeof autoNumber?.suffix === 'string' ? autoNumber.suffix : '',
                start_number:
                  typeof autoNumber?.start_number === 'number' ? autoNumber.start_number : 1,
              },
            }
          : {}),
        ...(typeof raw.length === 'number' ? { length: raw.length } : {}),
        unique,
        ...(picklist ? { pick_list_values: picklist } : {}),
      });
      module.def.fields.push(field);
      for (const rec of module.records.values()) untickUnset([field], rec);
      // Zoho numbers the records already there when an auto-number field is added.
      if (field.auto_number) {
        for (const rec of [...module.records.values()].sort((a, b) => a.seq - b.seq)) {
          rec.data[field.api_name] = nextAutoNumber(field);
        }
        forgetIndex(module);
      }
      return {
        code: 'SUCCESS',
        details: { id: field.id, api_name: field.api_name },
        message: 'field created',
        status: 'success',
      };
    });
    const ok = results.filter((r) => r.status === 'success').length;
    res.status(ok === results.length ? 201 : ok === 0 ? 400 : 207).json({ fields: results });
  });

  return router;
}
