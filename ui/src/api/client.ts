import createClient, { type Middleware } from "openapi-fetch";
import type { components, paths } from "./schema";

export type Schemas = components["schemas"];
export type User = Schemas["User"];
export type Role = NonNullable<User["role"]>;
export type Problem = Schemas["Problem"];

const TOKEN_KEY = "elevare.token";
const USER_KEY = "elevare.user";

/** The token lives in session storage: gone with the tab, never in a URL. */
export const session = {
  token: (): string | null => sessionStorage.getItem(TOKEN_KEY),
  user: (): User | null => {
    const raw = sessionStorage.getItem(USER_KEY);
    return raw ? (JSON.parse(raw) as User) : null;
  },
  save(token: string, user: User) {
    sessionStorage.setItem(TOKEN_KEY, token);
    sessionStorage.setItem(USER_KEY, JSON.stringify(user));
  },
  clear() {
    // Everything this tab kept for the user (token, user, conversation) goes with the session.
    sessionStorage.clear();
  },
};

/** Called when a signed-in request comes back 401: the app sends the user to sign in again. */
let onExpired: () => void = () => {};
export function setExpiredHandler(handler: () => void) {
  onExpired = handler;
}
export function notifyExpired() {
  onExpired();
}

/** A problem+json answer, with a sentence a student understands. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | null,
    readonly retryAfter: string | null = null,
  ) {
    super(describe(status, problem, retryAfter));
    this.name = "ApiError";
  }
}

export function describe(status: number, problem: Problem | null, retryAfter: string | null = null): string {
  const fieldErrors = problem?.errors?.map((e) => `${e.field}: ${e.message}`).join("; ");
  switch (true) {
    case status === 0:
      return "We could not reach ElevareAI. Check your connection and try again.";
    case status === 400:
      return fieldErrors ? `Please check your input (${fieldErrors}).` : problem?.detail ?? "Please check your input.";
    case status === 401:
      return "Your session has ended. Please sign in again.";
    case status === 403:
      return "You do not have access to this.";
    case status === 404:
      return problem?.detail ?? "We could not find that.";
    case status === 409:
      return problem?.detail ?? "That has already been done.";
    case status === 413:
      return "That is too long. Please shorten it.";
    case status === 429: {
      const wait = retryAfterSeconds(retryAfter);
      return wait != null ? `Too many requests, try again in ${wait} s.` : "Too many requests, try again in a moment.";
    }
    case status === 503:
      return "This is not available right now. Please try again in a moment.";
    default:
      return "Something went wrong on our side. Please try again.";
  }
}

/** Retry-After as whole seconds: delay-seconds, or an HTTP date turned into the wait from now. */
export function retryAfterSeconds(header: string | null, now: number = Date.now()): number | null {
  if (!header) return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

/** The per-field messages of a 400, keyed by field, for forms that show each next to its input. */
export function fieldErrors(e: unknown): Record<string, string> {
  if (!(e instanceof ApiError) || e.status !== 400) return {};
  const out: Record<string, string> = {};
  for (const err of e.problem?.errors ?? []) {
    if (err.field && err.message) out[err.field] = out[err.field] ? `${out[err.field]}; ${err.message}` : err.message;
  }
  return out;
}

const auth: Middleware = {
  onRequest({ request }) {
    const token = session.token();
    if (token) request.headers.set("Authorization", `Bearer ${token}`);
    return request;
  },
  onResponse({ response, request }) {
    if (response.status === 401 && request.headers.has("Authorization")) onExpired();
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: window.location.origin });
api.use(auth);

/** Unwraps an openapi-fetch result: the data, or an ApiError carrying the problem. */
export async function unwrap<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await call;
  } catch {
    throw new ApiError(0, null);
  }
  const { data, error, response } = result;
  if (!response.ok) {
    const problem = error && typeof error === "object" ? (error as Problem) : null;
    throw new ApiError(response.status, problem, response.headers.get("Retry-After"));
  }
  return data as T;
}

export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  return "Something went wrong. Please try again.";
}
