import { api } from './api.js';

export type Role = 'viewer' | 'operator' | 'admin';

export interface SignedIn {
  user: { email: string; role: Role };
  csrf_token: string;
}

const ROLES: Role[] = ['viewer', 'operator', 'admin'];

export function roleAllows(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

export async function currentSession(): Promise<SignedIn | undefined> {
  try {
    return await api.get<SignedIn>('/console/api/session');
  } catch {
    return undefined;
  }
}

export function signIn(email: string, password: string): Promise<SignedIn> {
  return api.post<SignedIn>('/console/api/session', { email, password });
}

export function signOut(): Promise<void> {
  return api.delete<void>('/console/api/session');
}
