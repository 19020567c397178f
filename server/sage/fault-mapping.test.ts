import { describe, expect, it } from 'vitest';
import { classifyFault, faultField, toSageError } from './fault-mapping.js';

const soapFault = (faultcode: string, message: string, mas = true) =>
  Object.assign(new Error(`${faultcode}: ${message}`), {
    root: {
      Envelope: {
        Body: {
          Fault: {
            faultcode,
            faultstring: message,
            ...(mas
              ? {
                  detail: {
                    MasFault: { ErrorCode: faultcode.replace(/^a:/, ''), ErrorMessage: message },
                  },
                }
              : {}),
          },
        },
      },
    },
  });

describe('fault mapping', () => {
  it.each([
    ['CI_NoKey', 'Customer does not exist', 'not_found'],
    ['WS_AlreadyExists', 'Record already exists', 'already_exists'],
    ['CI_NOF', 'Could not set AR_Customer_bus column ZipCode', 'validation'],
    ['CI_CharLength', 'The Default Payment Type is greater than 5 character(s)', 'validation'],
    ['X', 'Line Weight is read only', 'validation'],
    [
      'X',
      'Logon failure: The user logon or password does not match or the user logon is not enabled for web services.',
      'logon',
    ],
    ['X', 'No Access - you are not authorized to perform this action', 'no_access'],
    ['X', 'Company code XYZ is invalid.', 'company'],
    ['X', 'The record is in use by another user.', 'locked'],
    ['InternalServiceFault', 'An exception occurred.', 'server'],
    ['Other', 'Something unforeseen', 'server'],
  ])('%s "%s" is %s', (code, message, kind) => {
    expect(classifyFault(code, message)).toBe(kind);
  });

  it('reads the code from MasFault or from an a:-prefixed faultcode, and the field from the message', () => {
    const e = toSageError(
      soapFault(
        'a:CI_NOF',
        'Could not set AR_Customer_bus column ZipCode$: The Zip Code 1 is not on file.',
      ),
      'UpdateCustomer',
    );
    expect(e).toMatchObject({
      kind: 'validation',
      code: 'CI_NOF',
      operation: 'UpdateCustomer',
      field: 'ZipCode',
    });
    const bare = toSageError(
      soapFault('a:CI_CharLength', 'The Customer Name is greater than 30 character(s).', false),
      'CreateCustomer',
    );
    expect(bare).toMatchObject({ code: 'CI_CharLength', field: 'CustomerName', retryable: false });
    expect(faultField('The Credit Hold failed validation on Y,N')).toBe('CreditHold');
  });

  it('maps Node transport errors by code', () => {
    const withCode = (code: string, message = code) => Object.assign(new Error(message), { code });
    expect(toSageError(withCode('ECONNREFUSED'), 'op').kind).toBe('unreachable');
    expect(toSageError(withCode('ENOTFOUND'), 'op').kind).toBe('unreachable');
    expect(toSageError(withCode('ECONNABORTED', 'timeout of 100ms exceeded'), 'op').kind).toBe(
      'timeout',
    );
    expect(toSageError(withCode('ECONNRESET', 'socket hang up'), 'op').kind).toBe(
      'connection_dropped',
    );
    expect(toSageError(withCode('CERT_HAS_EXPIRED'), 'op')).toMatchObject({
      kind: 'tls',
      retryable: false,
    });
  });

  it('says in a transport failure what the operator on call should check, keeping the raw words', () => {
    const withCode = (code: string, message: string) => Object.assign(new Error(message), { code });
    expect(
      toSageError(withCode('ECONNREFUSED', 'connect ECONNREFUSED 10.0.0.5:443'), 'op'),
    ).toMatchObject({
      kind: 'unreachable',
      code: 'ECONNREFUSED',
      message:
        'Sage 100 web services cannot be reached (connect ECONNREFUSED 10.0.0.5:443). Check the Web Services URL, that the eBusiness Web Services site is running in IIS, and that the firewall lets this server in.',
    });
    expect(toSageError(new Error('timeout of 30000ms exceeded'), 'op')).toMatchObject({
      kind: 'timeout',
      code: 'ETIMEDOUT',
      message:
        'Sage 100 web services did not answer in time (timeout of 30000ms exceeded). Check that the server and its eBusiness Web Services application pool are running, then try again.',
    });
    expect(toSageError(new Error('socket hang up'), 'op').message).toBe(
      'Sage 100 web services closed the connection before answering (socket hang up). Check any proxy or firewall between this server and Sage, then try again.',
    );
    expect(toSageError(withCode('CERT_HAS_EXPIRED', 'certificate has expired'), 'op').message).toBe(
      "Sage 100 web services sent a TLS certificate this server rejects (certificate has expired). Install a certificate from a trusted authority on the eBusiness Web Services site, or add the issuing CA to this server's trusted certificates.",
    );
  });
});
