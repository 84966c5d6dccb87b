// A local OpenID Connect provider for Koers's single sign-on tests (node-oidc-provider, an
// OpenID Certified implementation). Never for production.
//
//   node provider.js config.json
//
// config.json: {"issuer": "http://127.0.0.1:PORT", "port": PORT,
//   "clients": [{client_id, client_secret, redirect_uris, post_logout_redirect_uris}],
//   "accounts": {"<login>": {"amr": ["pwd", "mfa"], "claims": {"groups": [...], ...}}}}
// The sub of an account is its login. Prints "ready" once it listens.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';

import Provider from 'oidc-provider';

const config = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const accounts = config.accounts || {};

const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: 'test-key', use: 'sig', alg: 'RS256' };

const provider = new Provider(config.issuer, {
  clients: config.clients.map((client) => ({
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
    ...client,
  })),
  jwks: { keys: [signingKey] },
  cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
  pkce: { required: () => true },
  claims: {
    // amr (and acr) in every ID token, as Entra ID and Keycloak do.
    openid: ['sub', 'amr', 'acr'],
    sid: null,
    auth_time: null,
    email: ['email'],
    profile: ['name', 'preferred_username'],
    groups: ['groups'],
  },
  features: { devInteractions: { enabled: false } },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, id) {
    if (!Object.hasOwn(accounts, id)) return undefined;
    return { accountId: id, claims: async () => ({ ...accounts[id].claims, sub: id }) };
  },
});

function page(res, body, status = 200) {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
  res.end(`<!doctype html><html lang="en"><title>Test provider</title><main>${body}</main></html>`);
}

function loginForm(uid, error = '') {
  return `<h1>Test provider: sign in</h1>${error ? `<p role="alert">${error}</p>` : ''}
<form method="post" action="/interaction/${uid}/login">
<label for="login">Login</label> <input id="login" name="login" autocomplete="off">
<button type="submit">Sign in</button></form>
<form method="post" action="/interaction/${uid}/abort"><button type="submit">Cancel</button></form>`;
}

async function readForm(req) {
  let body = '';
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
}

async function interaction(req, res, uid, action) {
  const details = await provider.interactionDetails(req, res);
  if (action === 'abort') {
    await provider.interactionFinished(req, res, { error: 'access_denied' }, { mergeWithLastSubmission: false });
    return;
  }
  if (details.prompt.name === 'login') {
    if (req.method === 'GET') return page(res, loginForm(uid));
    const login = (await readForm(req)).get('login') || '';
    if (!Object.hasOwn(accounts, login)) return page(res, loginForm(uid, 'Unknown login'), 400);
    const { amr = ['pwd'], acr } = accounts[login];
    await provider.interactionFinished(req, res, { login: { accountId: login, amr, ...(acr ? { acr } : {}) } }, { mergeWithLastSubmission: false });
    return;
  }
  // Consent: granted at once (a first-party application).
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
  const missing = details.prompt.details;
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

const callback = provider.callback();
const server = http.createServer((req, res) => {
  const match = /^\/interaction\/([\w-]+)(?:\/(login|abort))?$/.exec(req.url.split('?')[0]);
  if (!match) return callback(req, res);
  return interaction(req, res, match[1], match[2]).catch((error) => {
    page(res, `<p role="alert">${String(error.message).replace(/[<>&]/g, '')}</p>`, 400);
  });
});
server.listen(config.port, '127.0.0.1', () => console.log('ready'));
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => server.close(() => process.exit(0)));
