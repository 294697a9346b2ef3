// Moved to server/auth/: kept so that existing importers (tests/integration/security.test.ts) still resolve.
export { FailedAttempts, sameSecret } from '../auth/tokens.ts';
