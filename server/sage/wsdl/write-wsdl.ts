import fs from 'node:fs';
import { buildWsdl, buildXsd } from './build-wsdl.js';
import { WSDL_PATH, XSD_PATH } from './files.js';

/** Regenerates the committed WSDL/XSD after a change to contracts.ts. */
fs.writeFileSync(WSDL_PATH, buildWsdl());
fs.writeFileSync(XSD_PATH, buildXsd());
console.log(`wrote ${WSDL_PATH} and ${XSD_PATH}`);
