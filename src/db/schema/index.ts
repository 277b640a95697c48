export * from './units.js';
export * from './people.js';
export * from './reports.js';
export * from './workspace.js';
export * from './channels.js';
export * from './subscriptions.js';
export * from './sla.js';
export * from './notices.js';
