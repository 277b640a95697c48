/**
 * Who is asking: the signed-in user as every route and socket handler sees it.
 * Loaded from PostgreSQL on each request (role, unit and epoch may change), so
 * the Redis session holds nothing but ids and the CSRF token.
 */
export const ROLES = ['officer', 'leader', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface AuthUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  unitId: number;
  /** Materialised path of the user's unit ("/1/4/17/"), for subtree scope. */
  unitPath: string;
  unitName: string;
  /** May see reporters' phone numbers and names (after an explicit, audited reveal). */
  canReveal: boolean;
}

export interface SessionData {
  userId: number;
  csrf: string;
  /** users.session_epoch when the session was made; a bump kills every older session. */
  epoch: number;
  /** Unix ms; sessions also die at an absolute age, whatever their activity. */
  createdAt: number;
}

export interface AuthContext {
  user: AuthUser;
  session: SessionData;
  /** Key of the session in Redis (a keyed hash of the cookie value, never the cookie itself). */
  sessionKey: string;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      auth?: AuthContext;
    }
  }
}
