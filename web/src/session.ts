/** The signed-in user, for pages that need one: sign-in, sign-out and a hook that reads `/api/auth/me`. */
import { useEffect, useState } from "react";
import { api, client, unwrap, type Me } from "./api.ts";

/** Fired on `window` after signing in or out, so every `useMe` re-reads. */
const SESSION_EVENT = "tocsin-session-changed";

/**
 * Signs in with e-mail and password; the server sets the session cookie and the readable CSRF cookie.
 * @throws {ApiError} 401 for a wrong e-mail or password, 429 when rate-limited
 */
export async function signIn(email: string, password: string): Promise<ApiMeUser> {
  const data = await unwrap(client.POST("/api/auth/login", { body: { email, password } }));
  window.dispatchEvent(new Event(SESSION_EVENT));
  return data.user;
}

/** The user returned by sign-in. */
export type ApiMeUser = { id: string; role: string; displayName: string; email: string; passwordChangeRequired: boolean };

/**
 * Changes the signed-in user's password; the server ends their other sessions.
 * @throws {ApiError} 400 naming `currentPassword` or `newPassword`
 */
export async function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  await unwrap(client.POST("/api/auth/password", { body: { currentPassword, newPassword } }));
  window.dispatchEvent(new Event(SESSION_EVENT));
}

/** Ends the session (the cookies are cleared by the server). */
export async function signOut(): Promise<void> {
  await client.POST("/api/auth/logout");
  window.dispatchEvent(new Event(SESSION_EVENT));
}

/** `undefined` while loading, `null` when it cannot be known (offline), else who is signed in. */
export type MeState = Me | null | undefined;

/** Who is signed in; re-reads after sign-in/out. */
export function useMe(): MeState {
  const [me, setMe] = useState<MeState>(undefined);
  useEffect(() => {
    let live = true;
    const load = () => api.me().then((m) => live && setMe(m), () => live && setMe(null));
    load();
    window.addEventListener(SESSION_EVENT, load);
    return () => {
      live = false;
      window.removeEventListener(SESSION_EVENT, load);
    };
  }, []);
  return me;
}
