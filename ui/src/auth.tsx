import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { api, session, setExpiredHandler, unwrap, type User } from "./api/client";

interface AuthState {
  user: User | null;
  /** Why the user was sent back to sign in (an expired token), shown on the sign-in page. */
  notice: string | null;
  signIn(email: string, password: string): Promise<User>;
  signOut(notice?: string): void;
  /** Ends the session on the server (every token of the user), then here, even if the server cannot be reached. */
  logOut(): Promise<void>;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [user, setUser] = useState<User | null>(() => (session.token() ? session.user() : null));
  const [notice, setNotice] = useState<string | null>(null);

  const signOut = useCallback(
    (message?: string) => {
      session.clear();
      queryClient.clear();
      setNotice(message ?? null);
      setUser(null);
    },
    [queryClient],
  );

  const logOut = useCallback(async () => {
    try {
      await unwrap(api.POST("/auth/logout"));
    } catch {
      // A 401 (already expired) or no connection: the tokens die with their expiry; clear this tab anyway.
    }
    signOut("You have signed out.");
  }, [signOut]);

  useEffect(() => {
    setExpiredHandler(() => signOut("Your session has expired. Please sign in again."));
  }, [signOut]);

  const signIn = useCallback(async (email: string, password: string) => {
    const body = await unwrap(api.POST("/auth/login", { body: { email, password } }));
    if (!body.access_token || !body.user) throw new Error("unexpected sign-in answer");
    session.save(body.access_token, body.user);
    setNotice(null);
    setUser(body.user);
    return body.user;
  }, []);

  const value = useMemo(() => ({ user, notice, signIn, signOut, logOut }), [user, notice, signIn, signOut, logOut]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error("useAuth outside AuthProvider");
  return ctx;
}

/** The signed-in user; only for pages behind RequireRole. */
export function useUser(): User {
  const { user } = useAuth();
  if (!user) throw new Error("no signed-in user");
  return user;
}
