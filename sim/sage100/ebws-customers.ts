import { CONTACT_MEMBERS, CUSTOMER_MEMBERS, memberLabel } from '../../server/sage/contracts.js';
import { fromContract, toContract, wcfVisible } from './contract-records.js';
import { authorize, type LogonArgs } from './ebws-auth.js';
import { assertNotLocked, division, lookupIn, required, type EbwsContext } from './ebws-context.js';
import { MasFaultError } from './mas-fault.js';
import type { SageRow } from './store.js';

/** eBWS customer and customer-contact operations over the simulator store. */

type Args = LogonArgs & Record<string, unknown>;

/** What Customer Maintenance fills in for a new customer (FLOR-2018 defaults). */
const CUSTOMER_DEFAULTS: SageRow = {
  CustomerStatus: 'A',
  CreditHold: 'N',
  BatchFax: 'N',
  OpenItemCustomer: 'Y',
  PrintDunningMessage: 'Y',
  ResidentialAddress: 'N',
  EmailStatements: 'N',
  EBMEnabled: 'N',
  TemporaryCustomer: 'N',
  StatementCycle: 'M',
  TermsCode: '00',
  DefaultPaymentType: 'CHECK',
  CreditLimit: 0,
  CurrentBalance: 0,
};

const customerKey = (args: Record<string, unknown>) => ({
  ARDivisionNo: division(required(args.ARDivisionNo ?? args.arDivisionNo, 'AR Division No')),
  CustomerNo: required(args.CustomerNo ?? args.customerNo, 'Customer No').toUpperCase(),
});

const contactKey = (args: Record<string, unknown>) => ({
  ...customerKey(args),
  ContactCode: required(args.ContactCode ?? args.contactCode, 'Contact Code').toUpperCase(),
});

function checkKeyLengths(key: Record<string, string>, members = CUSTOMER_MEMBERS): void {
  for (const [name, value] of Object.entries(key)) {
    const max = members.find((m) => m.name === name)?.len?.['2023'];
    if (max !== undefined && value.length > max) {
      throw new MasFaultError(
        'CI_CharLength',
        `The ${memberLabel(name)} is greater than ${max} character(s).`,
      );
    }
  }
}

export function customerOperations(ctx: EbwsContext) {
  const { store } = ctx;
  return {
    GetCustomer(args: Args) {
      const { company } = authorize(store, args, 'AR_Customer', 'View');
      const row = company.get('AR_Customer', customerKey(args));
      if (!row) throw new MasFaultError('CI_NoKey', 'Customer does not exist');
      return { GetCustomerResult: toContract(row, CUSTOMER_MEMBERS) };
    },

    GetNextCustomerNo(args: Args) {
      const { company } = authorize(store, args, 'AR_Customer', 'Create');
      return { GetNextCustomerNoResult: company.nextNumber('CustomerNo') };
    },

    CreateCustomer(args: Args) {
      const { company, user } = authorize(store, args, 'AR_Customer', 'Create');
      const input = wcfVisible(args.customer, CUSTOMER_MEMBERS);
      const key = customerKey(input);
      checkKeyLengths(key);
      if (company.get('AR_Customer', key))
        throw new MasFaultError('WS_AlreadyExists', 'Record already exists');
      const changes = fromContract(input, CUSTOMER_MEMBERS, {
        busObject: 'AR_Customer_bus',
        profile: ctx.lengthProfile,
        timeZone: company.timeZone,
        lookup: lookupIn(company),
      });
      company.insert(
        'AR_Customer',
        { ...CUSTOMER_DEFAULTS, DateEstablished: company.stamp().date, ...changes, ...key },
        { userKey: user.UserKey },
      );
      return {};
    },

    UpdateCustomer(args: Args) {
      const { company, user } = authorize(store, args, 'AR_Customer', 'Modify');
      const input = wcfVisible(args.customer, CUSTOMER_MEMBERS);
      const key = customerKey(input);
      const existing = company.get('AR_Customer', key);
      if (!existing) throw new MasFaultError('CI_NoKey', 'Customer does not exist');
      assertNotLocked(ctx, 'AR_Customer', key);
      const changes = fromContract(input, CUSTOMER_MEMBERS, {
        busObject: 'AR_Customer_bus',
        profile: ctx.lengthProfile,
        timeZone: company.timeZone,
        existing: toContract(existing, CUSTOMER_MEMBERS),
        lookup: lookupIn(company),
      });
      company.update('AR_Customer', key, changes, { userKey: user.UserKey });
      return {};
    },

    DeleteCustomer(args: Args) {
      const { company } = authorize(store, args, 'AR_Customer', 'Remove');
      const key = customerKey(args);
      if (!company.get('AR_Customer', key))
        throw new MasFaultError('CI_NoKey', 'Customer does not exist');
      assertNotLocked(ctx, 'AR_Customer', key);
      if (company.list('SO_SalesOrderHeader', key).length > 0) {
        throw new MasFaultError(
          'CI_CannotDelete',
          'Customer has open sales orders and cannot be deleted.',
        );
      }
      company.transaction(() => {
        for (const contact of company.list('AR_CustomerContact', key))
          company.delete('AR_CustomerContact', contact);
        company.delete('AR_Customer', key);
      });
      return {};
    },

    GetCustomerContact(args: Args) {
      const { company } = authorize(store, args, 'AR_CustomerContact', 'View');
      const row = company.get('AR_CustomerContact', contactKey(args));
      if (!row) throw new MasFaultError('CI_NoKey', 'Customer contact does not exist');
      return { GetCustomerContactResult: toContract(row, CONTACT_MEMBERS) };
    },

    CreateCustomerContact(args: Args) {
      const { company, user } = authorize(store, args, 'AR_CustomerContact', 'Create');
      const input = wcfVisible(args.customerContact, CONTACT_MEMBERS);
      const key = contactKey(input);
      checkKeyLengths(key, CONTACT_MEMBERS);
      if (
        !company.get('AR_Customer', { ARDivisionNo: key.ARDivisionNo, CustomerNo: key.CustomerNo })
      ) {
        throw new MasFaultError(
          'CI_NOF',
          `Could not set AR_CustomerContact_bus column CustomerNo$: Customer ${key.ARDivisionNo}-${key.CustomerNo} is not on file.`,
        );
      }
      if (company.get('AR_CustomerContact', key))
        throw new MasFaultError('WS_AlreadyExists', 'Record already exists');
      const changes = fromContract(input, CONTACT_MEMBERS, {
        busObject: 'AR_CustomerContact_bus',
        profile: ctx.lengthProfile,
        timeZone: company.timeZone,
        lookup: lookupIn(company),
      });
      company.insert('AR_CustomerContact', { ...changes, ...key }, { userKey: user.UserKey });
      return {};
    },

    UpdateCustomerContact(args: Args) {
      const { company, user } = authorize(store, args, 'AR_CustomerContact', 'Modify');
      const input = wcfVisible(args.customerContact, CONTACT_MEMBERS);
      const key = contactKey(input);
      const existing = company.get('AR_CustomerContact', key);
      if (!existing) throw new MasFaultError('CI_NoKey', 'Customer contact does not exist');
      assertNotLocked(ctx, 'AR_CustomerContact', key);
      const changes = fromContract(input, CONTACT_MEMBERS, {
        busObject: 'AR_CustomerContact_bus',
        profile: ctx.lengthProfile,
        timeZone: company.timeZone,
        existing: toContract(existing, CONTACT_MEMBERS),
        lookup: lookupIn(company),
      });
      company.update('AR_CustomerContact', key, changes, { userKey: user.UserKey });
      return {};
    },

    DeleteCustomerContact(args: Args) {
      const { company } = authorize(store, args, 'AR_CustomerContact', 'Remove');
      const key = contactKey(args);
      if (!company.get('AR_CustomerContact', key)) {
        throw new MasFaultError('CI_NoKey', 'Customer contact does not exist');
      }
      assertNotLocked(ctx, 'AR_CustomerContact', key);
      company.delete('AR_CustomerContact', key);
      return {};
    },
  };
}
