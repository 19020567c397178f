/** Zoho's official Node SDK ships no types; only test/zoho/official-sdk.test.ts uses it. */
declare module '@zohocrm/nodejs-sdk-8.0';
