/**
 * Responses as Zoho's published v8 examples show them (github.com/zoho/crm-oas, v8.0/*
 * /operations/<operation>/examples/response-*.md). Our own fixtures: each keeps the example's
 * shape, field names, value types and the values that matter (ids, offsets, codes, messages),
 * trimmed to what the client can meet. Comments name the example each one follows.
 */

const profiles = [
  { permission_type: 'read_write', name: 'Administrator', id: '4832675000000015972' },
  { permission_type: 'read_write', name: 'Standard', id: '4832675000000015975' },
];

/** A field as getFields' FullExample lists it (`unique: {}` for a field that is not unique). */
const field = (over: Record<string, unknown>) => ({
  associated_module: null,
  webhook: true,
  operation_type: { web_update: true, api_create: true, web_create: true, api_update: true },
  field_label: 'Company',
  tooltip: null,
  type: 'used',
  field_read_only: false,
  display_label: 'Company',
  read_only: false,
  multi_module_lookup: {},
  id: '4832675000000000555',
  created_time: null,
  visible: true,
  profiles,
  api_name: 'Company',
  parent_field: null,
  unique: {},
  pick_list_values: [],
  system_mandatory: false,
  private: null,
  json_type: 'string',
  crypt: null,
  created_source: 'default',
  ui_type: 1,
  modified_time: null,
  currency: {},
  custom_field: false,
  lookup: {},
  address: null,
  length: 200,
  column_name: 'COMPANY',
  data_type: 'text',
  formula: {},
  decimal_place: null,
  auto_number: {},
  ...over,
});

/** fields/getFields response-200-fullexample, plus a unique custom field (the client's case). */
export const getFields = {
  fields: [
    field({
      field_label: 'Address 1 - Latitude',
      display_label: 'Address 1 - Latitude',
      id: '4832675000000710341',
      created_time: '2025-11-17T19:09:17+05:30',
      modified_time: '2025-11-17T19:09:17+05:30',
      api_name: 'Address_1_Coordinates_Latitude',
      parent_field: {
        api_name: 'Address_1_Coordinates',
        name: 'Address 1 - Coordinates',
        id: '4832675000000710334',
      },
      json_type: 'double',
      ui_type: 38,
      custom_field: true,
      address: { type: 'latitude' },
      length: 50,
      column_name: 'LEADCF69',
      data_type: 'double',
      decimal_place: 9,
    }),
    field({
      field_label: 'Lead Owner',
      display_label: 'Lead Owner',
      field_read_only: true,
      id: '4832675000000000553',
      api_name: 'Owner',
      json_type: 'jsonobject',
      ui_type: 8,
      length: 120,
      column_name: 'SMOWNERID',
      data_type: 'ownerlookup',
    }),
    field({}),
    field({
      field_label: 'Sage Key',
      display_label: 'Sage Key',
      id: '4832675000000710400',
      api_name: 'Sage_Key',
      unique: { casesensitive: 'false' },
      custom_field: true,
      length: 64,
      column_name: 'LEADCF70',
    }),
  ],
};

/** record/getRecords response-200-leads: a token, its expiry in +05:30, Zoho's extra flags. */
export const getRecords = {
  data: [
    {
      id: '4150868000000002175',
      Owner: {
        name: 'Patricia Boyle',
        id: '4150868000000225013',
        email: 'patricia.boyle@example.com',
      },
      Company: 'Zylker Corp',
      Last_Name: 'Doe',
      Email: 'john.doe@zylker.com',
      Created_Time: '2023-10-15T10:30:00+00:00',
      Modified_Time: '2023-10-15T14:20:00+00:00',
    },
  ],
  info: {
    call: false,
    per_page: 5,
    next_page_token: 'c8582xx9e7c7',
    count: 5,
    sort_by: 'id',
    page: 1,
    page_token_expiry: '2022-11-11T15:08:14+05:30',
    sort_order: 'desc',
    email: false,
    more_records: true,
    previous_page_token: null,
  },
};

/** The last page of the same read: no token, no more records. */
export const getRecordsLast = {
  data: [{ ...getRecords.data[0]!, id: '4150868000000002176', Last_Name: 'Roe' }],
  info: { ...getRecords.info, next_page_token: null, more_records: false, page: 2 },
};

/** record/getDeletedRecords response-200-deletedrecords: recycle and permanent, in +05:30. */
export const getDeletedRecords = {
  data: [
    {
      deleted_by: { name: 'Patricia Boyle', id: '410888000000086001' },
      id: '410888000000099071',
      display_name: 'Patricia',
      type: 'recycle',
      created_by: { name: 'Patricia Boyle', id: '410888000000086001' },
      deleted_time: '2015-06-19T11:19:38+05:30',
    },
    {
      deleted_by: null,
      id: '410888000000680013',
      display_name: null,
      type: 'permanent',
      created_by: null,
      deleted_time: '2016-10-26T11:44:15+05:30',
    },
  ],
  info: { per_page: 200, count: 2, page: 1, more_records: false },
};

const by = { name: 'Patricia Boyle', id: '4150868000000225013' };

/** record/upsertRecords response-200-success: one update, one insert, both on Email. */
export const upsertSuccess = {
  data: [
    {
      code: 'SUCCESS',
      duplicate_field: 'Email',
      action: 'update',
      details: {
        Modified_Time: '2020-10-14T10:31:43+05:30',
        Modified_By: by,
        Created_Time: '2019-09-11T16:21:15+05:30',
        id: '4150868000000376008',
        Created_By: by,
      },
      message: 'record updated',
      status: 'success',
    },
    {
      code: 'SUCCESS',
      duplicate_field: 'Email',
      action: 'insert',
      details: {
        Modified_Time: '2020-10-14T10:31:43+05:30',
        Modified_By: by,
        Created_Time: '2020-10-14T10:31:43+05:30',
        id: '4150868000003194003',
        Created_By: by,
      },
      message: 'record added',
      status: 'success',
    },
  ],
};

const duplicateOf = (field: string, id: string) => ({
  code: 'DUPLICATE_DATA',
  details: {
    api_name: field,
    duplicate_record: {
      Owner: { name: 'Prajesh Kumar S', id: '4881139000000307001', zuid: '736078909' },
      module: { api_name: 'Leads', id: '4881139000000002175' },
      id,
    },
    json_path: `$.data[0].${field}`,
    more_records: true,
  },
  message: 'duplicate data',
  status: 'error',
});

/** record/upsertRecords response-400-multipleerrors: two duplicates nested in one entry. */
export const upsertMultipleErrors = {
  data: [
    {
      code: 'MULTIPLE_OR_MULTI_ERRORS',
      details: {
        errors: [
          duplicateOf('Email', '4881139000000428295'),
          duplicateOf('Mobile', '4881139000002432007'),
        ],
      },
      message: 'Multiple errors in the request',
      status: 'error',
    },
  ],
};

/** record/createRecords response-207-mixedresults: a success in -07:00 and a field error. */
export const createMixed = {
  data: [
    {
      code: 'SUCCESS',
      details: {
        Modified_Time: '2023-05-10T01:10:47-07:00',
        Modified_By: { name: 'Patricia Boyle', id: '5725767000000411001' },
        Created_Time: '2023-05-10T01:10:47-07:00',
        id: '5725767000000524157',
        Created_By: { name: 'Patricia Boyle', id: '5725767000000411001' },
        $approval_state: 'approved',
      },
      message: 'record added',
      status: 'success',
    },
    {
      code: 'INVALID_DATA',
      details: { api_name: 'Last_Name', json_path: '$.data[1].Last_Name' },
      message: 'the field api name given seems to be invalid',
      status: 'error',
    },
  ],
};

/** record/createRecords response-400-duplicatedataerror: the duplicate and its owner. */
export const createDuplicate = {
  data: [
    {
      code: 'DUPLICATE_DATA',
      details: {
        api_name: 'Unique_1',
        duplicate_record: {
          Owner: { name: 'Pranav', id: '2008662000000454001', zuid: '75092197' },
          id: '2008662000006256222',
        },
        json_path: '$.data[0].Unique_1',
        id: '2008662000006256222',
        more_records: false,
      },
      message: 'duplicate data',
      status: 'error',
    },
  ],
};

/** coql/executeCOQLQuery response-200-successresponse. */
export const coqlSuccess = {
  data: [{ Last_Name: 'Smith', First_Name: 'John', id: '4150868000000002175' }],
  info: { count: 1, more_records: false },
};

/** users/getUsers response-200-usersgetresponse (a disabled admin, numeric profile and role). */
export const getUsers = {
  users: [
    {
      role: { name: 'CEO', id: '111133000000000861' },
      locale: 'en_US',
      Modified_By: { name: 'Thuvassshhhh test test', id: '111133000000057662' },
      alias: 'aaaa',
      id: '111133000000057662',
      first_name: 'Thuvassshhhh',
      email: 'user@example.com',
      Reporting_To: null,
      created_time: '2025-11-12T11:20:12+05:30',
      Modified_Time: '2025-12-08T16:53:16+05:30',
      profile: { name: 'Administrator', id: '111133000000000497' },
      last_name: 'test test',
      zuid: '43318041',
      confirm: true,
      full_name: 'Thuvassshhhh test test',
      phone: null,
      status: 'disabled',
      type__s: 'Regular User',
    },
  ],
  info: { per_page: 200, count: 1, page: 1, more_records: false },
};

/** org/getOrganization response-200-orggetresponse: free paid type on an enterprise trial. */
export const getOrg = {
  org: [
    {
      country: 'US',
      type: 'production',
      created_time: '2023-01-01T12:00:00Z',
      domain_name: 'acmeinc',
      currency: 'US Dollar - USD',
      id: '1234567890',
      currency_locale: 'USD',
      primary_zuid: 'zuid123',
      time_zone: 'America/Chicago',
      zgid: 'zgid123',
      license_details: {
        paid_expiry: null,
        users_license_purchased: 3,
        trial_type: 'enterprise',
        trial_expiry: '2025-12-04T17:26:17+05:30',
        paid: false,
        paid_type: 'free',
        portal_users_license_purchased: 0,
        trial_action: 'Update Evaluation',
      },
      company_name: 'Acme Inc.',
      primary_email: 'acmeadmin@acmei.com',
      max_per_page: 200,
    },
  ],
};

const error = (code: string, message: string, details: Record<string, unknown>) => ({
  code,
  message,
  status: 'error',
  details,
});

/** record/getRecords error examples, and the 401 and 429 ones. */
export const errors = {
  tokenBoundDataMismatch: error(
    'TOKEN_BOUND_DATA_MISMATCH',
    'The page_token given seems to be invalid or input param is added or altered or deleted',
    { param_name: 'page_token' },
  ),
  discretePaginationLimitExceeded: error(
    'DISCRETE_PAGINATION_LIMIT_EXCEEDED',
    'You can only get the first 2000 records without using page_token param',
    { limit: 2000 },
  ),
  expiredValue: error('EXPIRED_VALUE', 'Page token expired', {
    api_name: 'page_token',
    json_path: '$.query.page_token',
  }),
  paginationLimitExceeded: error(
    'PAGINATION_LIMIT_EXCEEDED',
    'You can only get upto 100000 records using page_token param',
    { param_name: 'page_token' },
  ),
  oauthScopeMismatch: error('OAUTH_SCOPE_MISMATCH', 'Unauthorized', {}),
  tooManyRequests: error(
    'TOO_MANY_REQUESTS',
    'Rate limit exceeded. Please retry after the specified time.',
    { trace_id: 'rate-limit-trace-id-001', retry_after: 60, limit: 100, window: 60 },
  ),
};
