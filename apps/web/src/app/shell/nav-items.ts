export interface NavItem {
  path: string;
  label: string;
  /** SVG path data on a 24×24 grid, stroked. */
  icon: string;
  adminOnly?: boolean;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { path: '/integrations', label: 'Integrations', icon: 'M9 7V3m6 4V3M7 7h10v4a5 5 0 0 1-10 0zm5 9v5' },
  { path: '/tenants', label: 'Tenants', icon: 'M4 21V5l8-2v18M12 8l8 2v11M2 21h20M7 9h2m-2 4h2m-2 4h2m6-4h2m-2 4h2' },
  { path: '/computers', label: 'Computers', icon: 'M3 5h18v11H3zM8 20h8m-4-4v4' },
  { path: '/software', label: 'Software', icon: 'M12 3l8 4.5v9L12 21l-8-4.5v-9zm0 0v18M4 7.5l8 4.5 8-4.5' },
  { path: '/deployments', label: 'Deployments', icon: 'M12 3v12m0 0l-4-4m4 4l4-4M4 17v3h16v-3' },
  { path: '/sessions', label: 'Sessions', icon: 'M3 12a9 9 0 1 0 18 0a9 9 0 1 0-18 0M12 7v5l3 3' },
  { path: '/audit', label: 'Audit', icon: 'M8 4h8v3H8zM6 5H5v16h14V5h-1M8 12h8m-8 4h5', adminOnly: true },
];
