import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The vendored WSDL and XSD, loaded from disk by both the client and the simulator (pitfall P1). */
const here = path.dirname(fileURLToPath(import.meta.url));
export const WSDL_PATH = path.join(here, 'MasBasicWsdl.wsdl');
export const XSD_PATH = path.join(here, 'MasBasicWsdl.xsd');
