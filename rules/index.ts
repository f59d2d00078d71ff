// The rule registry. Adding a rule: add its module here (rules-meta.test.ts checks the two agree).
import type { Rule } from '../src/types.js';
import apiToken from './signalwire-api-token.js';
import signingKey from './signalwire-signing-key.js';
import personalAccessToken from './signalwire-personal-access-token.js';
import basicAuth from './signalwire-basic-auth.js';
import publicEnvExposure from './signalwire-public-env-exposure.js';
import clientToken from './signalwire-client-token.js';
import projectId from './signalwire-project-id.js';
import spaceUrl from './signalwire-space-url.js';
import insecureHttp from './signalwire-insecure-http.js';
import dotenvNotIgnored from './dotenv-not-ignored.js';
import dotenvCommitted from './dotenv-committed.js';
import dotenvShipped from './dotenv-shipped.js';
import suppressionAdded from './swlint-suppression-added.js';
import unscanned from './swlint-unscanned.js';

export const RULES: readonly Rule[] = [
  apiToken,
  signingKey,
  personalAccessToken,
  basicAuth,
  publicEnvExposure,
  clientToken,
  projectId,
  spaceUrl,
  insecureHttp,
  dotenvNotIgnored,
  dotenvCommitted,
  dotenvShipped,
  suppressionAdded,
  unscanned,
];
