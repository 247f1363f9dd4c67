/** The agent's version, sent at enrollment and on every check-in. */
export const AGENT_VERSION = '0.1.0';
