import { ZohoRequestError } from './errors.js';

/** Zoho's limits on one records call, and the checks made before spending one. */

export const WRITE_BATCH = 100;
export const MAX_PER_PAGE = 200;
export const MAX_FIELDS = 50;

export const modulePath = (module: string) => {
  if (!/^[A-Za-z0-9_]+$/.test(module))
    throw new ZohoRequestError(`"${module}" is not a module API name`);
  return `/crm/v8/${module}`;
};

export const fieldList = (fields: string[]) => {
  if (fields.length === 0 || fields.length > MAX_FIELDS) {
    throw new ZohoRequestError(`Zoho needs 1 to ${MAX_FIELDS} fields, got ${fields.length}`);
  }
  return fields.join(',');
};

export const checkRecordId = (id: string) => {
  if (!/^\d+$/.test(id)) throw new ZohoRequestError(`"${id}" is not a Zoho record id`);
};
