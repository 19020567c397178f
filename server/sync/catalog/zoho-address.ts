/** Lengths of Zoho's standard billing and shipping address fields (Accounts, Sales_Orders). */
export const ZOHO_ADDRESS_LENGTHS = {
  Billing_Street: 250,
  Billing_City: 30,
  Billing_State: 30,
  Billing_Code: 30,
  Billing_Country: 30,
  Shipping_Street: 250,
  Shipping_City: 30,
  Shipping_State: 30,
  Shipping_Code: 30,
  Shipping_Country: 30,
} as const;
