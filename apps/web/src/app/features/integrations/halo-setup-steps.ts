/**
 * What an admin creates in Halo before connecting Entitle, in Halo's own words
 * (shared/reference/seed-halopsa-integration.txt, README "Connecting a real HaloPSA").
 */
export interface PermissionRow {
  permission: string;
  value: string;
  why?: string;
}

export const APPLICATION_STEPS: readonly string[] = [
  'In Halo, open Configuration › Integrations › Halo API › Applications and add an application named “Entitle”.',
  'Under Details, choose the Client ID and Secret authentication method, then generate and copy the Client ID and the Client Secret.',
  'Set the Login Type to Agent and choose the “Agent to log in as”. That agent must be in the Team used for support and have the agent permissions below, from a Role or directly.',
  'Under Permissions, grant the API permissions below, then save.',
];

export const AGENT_PERMISSIONS: readonly { group: string; rows: readonly PermissionRow[] }[] = [
  {
    group: 'Feature access',
    rows: [
      { permission: 'Tickets Access Level', value: 'Read Only' },
      { permission: 'Clients Access Level', value: 'Read Only' },
      { permission: 'Users Access Level', value: 'Read Only' },
      { permission: 'CRM Access Level', value: 'Read Only' },
      { permission: 'Assets Access Level', value: 'Read and Modify' },
      { permission: 'Suppliers Access Level', value: 'Read Only' },
      { permission: 'Items Access Level', value: 'Read Only' },
      { permission: 'Sales Access Level', value: 'Read Only' },
      { permission: 'Quotations Access Level', value: 'Read Only' },
      { permission: 'Sales Orders Access Level', value: 'Read Only' },
      { permission: 'Purchase Orders Access Level', value: 'Read Only' },
      { permission: 'Billing Details Access Level', value: 'Read Only' },
      { permission: 'Invoices Access Level', value: 'Read Only' },
      { permission: 'Reporting Access Level', value: 'Read and Modify' },
      { permission: 'Client Contracts Access Level', value: 'Read Only' },
      { permission: 'Supplier Contracts Access Level', value: 'Read Only' },
    ],
  },
  {
    group: 'Tickets',
    rows: [
      { permission: 'Can view Unassigned Tickets', value: 'Yes' },
      { permission: 'Can view Tickets that are assigned to other Agents', value: 'Yes' },
      { permission: 'Can export tickets', value: 'Yes' },
    ],
  },
  {
    group: 'Billing',
    rows: [
      { permission: 'Can View Item Costs', value: 'Read Only' },
      { permission: 'Can View Item Prices', value: 'Read Only' },
      { permission: 'Can View Item SKU', value: 'Read Only' },
    ],
  },
];

export const API_PERMISSIONS: readonly PermissionRow[] = [
  { permission: 'read:customers', value: 'Yes', why: 'clients, sites and users, to map Halo clients to Entitle tenants' },
  { permission: 'read:contracts', value: 'Yes', why: 'contract types for contract targeting' },
  { permission: 'read:items', value: 'Yes', why: 'the items sold on recurring invoices' },
  { permission: 'edit:items', value: 'Yes', why: 'Halo before 2.99 refuses to list items without it (a Halo bug)' },
  { permission: 'edit:reporting', value: 'Yes', why: 'bulk reads through the Reporting API: far fewer requests under Halo’s rate limit' },
  { permission: 'read:invoices', value: 'Yes', why: 'recurring invoices and their lines, for recurring-item targeting' },
  { permission: 'read:software', value: 'Yes', why: 'software licences' },
  { permission: 'read:tickets', value: 'Yes', why: 'the technician tab: which customer a ticket belongs to' },
  { permission: 'read:assets', value: 'Yes', why: 'pushing computers back into Halo as assets' },
  { permission: 'edit:assets', value: 'Yes', why: 'pushing computers back into Halo as assets' },
];
