// Sign-in when admin's authentication is on. Admin's HTTP gateway answers 401 without a bearer token; then the
// console shows a form for a client id and secret, gets a token with the client_credentials grant from the token
// endpoint admin names in /.well-known/oauth-authorization-server (admin's own /oauth2/token in Self mode), keeps it
// in sessionStorage (this tab only, gone when it closes) and retries. Calls waiting for a token share one form.
import { h } from "./dom";

const KEY = "aloft.token";
const FALLBACK_TOKEN_ENDPOINT = "/oauth2/token";
let signingIn: Promise<void> | undefined;

/**
 * fetch() with the stored token: a read, or a write with init's method and body. On 401 it signs in (once for all
 * callers waiting) and retries.
 */
export async function authorizedFetch(url: string, headers: Record<string, string>,
    init: { method?: string; body?: string } = {}): Promise<Response> {
  for (;;) {
    const token = sessionStorage.getItem(KEY);
    const res = await fetch(url, { ...init,
      headers: token ? { ...headers, Authorization: `Bearer ${token}` } : headers });
    if (res.status !== 401) return res;
    if (token && sessionStorage.getItem(KEY) === token) sessionStorage.removeItem(KEY); // expired or refused
    signingIn ??= signIn().finally(() => { signingIn = undefined; });
    await signingIn;
  }
}

/** Shows the sign-in form until a client gets a token; stores it. */
function signIn(): Promise<void> {
  const id = h("input", { id: "client-id", name: "client_id", autocomplete: "username", required: true });
  const secret = h("input", { id: "client-secret", name: "client_secret", type: "password",
    autocomplete: "current-password", required: true });
  const error = h("p", { class: "error", id: "sign-in-error", hidden: true });
  const form = h("form", { id: "sign-in", class: "sign-in" },
    h("h2", {}, "Sign in"),
    h("p", { class: "muted" }, "Admin asks for a token: sign in with an OAuth2 client's id and secret."),
    h("label", {}, "Client id ", id), h("label", {}, "Secret ", secret),
    h("button", { type: "submit", id: "sign-in-submit" }, "Sign in"), error);
  document.body.append(form);
  id.focus();
  return new Promise(resolve => {
    form.addEventListener("submit", async ev => {
      ev.preventDefault();
      error.hidden = true;
      try {
        sessionStorage.setItem(KEY, await requestToken(id.value, secret.value));
        form.remove();
        resolve();
      } catch (e) {
        error.textContent = e instanceof Error ? e.message : String(e);
        error.hidden = false;
      }
    });
  });
}

async function requestToken(clientId: string, secret: string): Promise<string> {
  const body = new URLSearchParams({ grant_type: "client_credentials", client_id: clientId, client_secret: secret });
  const res = await fetch(await tokenEndpoint(), { method: "POST", body,
    headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" } });
  const json = await res.json().catch(() => ({}));
  if (!res.ok || !json.access_token) {
    throw new Error(json.error_description ?? json.error ?? `the token endpoint answered ${res.status}`);
  }
  return json.access_token;
}

/** The token endpoint the metadata names, if on this origin (a browser cannot post credentials elsewhere). */
async function tokenEndpoint(): Promise<string> {
  try {
    const res = await fetch("/.well-known/oauth-authorization-server", { headers: { Accept: "application/json" } });
    const endpoint = new URL((await res.json()).token_endpoint, location.origin);
    return endpoint.origin === location.origin ? endpoint.pathname : FALLBACK_TOKEN_ENDPOINT;
  } catch {
    return FALLBACK_TOKEN_ENDPOINT;
  }
}
