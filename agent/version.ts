/** The agent's own release, and the contract (agent.wsdl) it speaks. The backend checks both. */
export const AGENT_VERSION = '1.0.0';
export const CONTRACT_VERSION = '1';
