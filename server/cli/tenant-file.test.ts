import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readTenantFile } from './tenant-file.js';

const valid = {
  name: 'ABC Distribution',
  zoho: {
    orgId: '60012345678',
    accountsServer: 'https://accounts.zoho.com',
    apiDomain: 'https://www.zohoapis.com',
    refreshToken: '1000.abcdef.ghijkl',
    scope: 'ZohoCRM.modules.ALL',
  },
  sage: {
    endpointUrl: 'https://sage.abc.example/eBusinessWebServices/MasBasicWsdl.svc',
    companyCode: 'ABC',
    username: 'webuser',
    password: 'secret',
    timeZone: 'America/Chicago',
  },
};

describe('tenant file', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenant-file-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (text: string) => {
    const file = path.join(dir, 'tenant.json');
    fs.writeFileSync(file, text);
    return file;
  };

  it('reads a file saved with a byte-order mark (Windows Notepad)', () => {
    const file = write('\uFEFF' + JSON.stringify(valid, null, 2));
    expect(readTenantFile(file).name).toBe('ABC Distribution');
  });

  it('refuses a blank name and trims the one given', () => {
    expect(() => readTenantFile(write(JSON.stringify({ ...valid, name: '   ' })))).toThrow(
      /name: required, not blank/,
    );
    expect(readTenantFile(write(JSON.stringify({ ...valid, name: ' ABC ' }))).name).toBe('ABC');
  });
});
