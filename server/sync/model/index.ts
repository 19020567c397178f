/**
 * The engine's own types: what it stores and reads back through the stores it declares
 * (`../stores.ts`). Repositories in `server/db` implement those stores over these types.
 */
export * from './conflicts.js';
export * from './events.js';
export * from './links.js';
export * from './mappings.js';
export * from './runs.js';
export * from './settings.js';
