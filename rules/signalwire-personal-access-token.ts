import type { ContentRule, DetectInput, RuleMatch } from '../src/types.js';
import { findBounded } from '../src/detect/candidates.js';
import { signalWireNear } from '../src/detect/context.js';
import { isPlaceholderSecret } from '../src/detect/placeholders.js';

/** How to revoke the token, in the fix and once HEAD no longer holds it */
const REVOKE_PAT = 'Revoke it at id.signalwire.com > Personal Access Tokens and create a new one.';
import { PURGE_HISTORY, PURGE_IF_SHARED } from '../src/detect/language.js';

const PAT = /pat_[A-Za-z0-9]{20,40}/g;

function detect(input: DetectInput): RuleMatch[] {
  const isToken = (v: string, start: number): boolean => {
    // joined by `_` to a longer name: GitHub's fine-grained tokens, `github_pat_<22>_<59>`
    if (input.text[start - 1] === '_' || input.text[start + v.length] === '_') return false;
    const body = v.slice(4);
    if (isPlaceholderSecret(v) || /your|token|here|example/i.test(body)) return false;
    const mixed = /[A-Z]/.test(body) && /[a-z]/.test(body) && /[0-9]/.test(body);
    // the documented shape is 24 mixed-case alphanumerics; other lengths only near SignalWire
    return mixed && (body.length === 24 || signalWireNear(input, start, 1500));
  };
  return findBounded(input, PAT, isToken).map((c) => ({ start: c.start, end: c.end, secret: c.value }));
}

const rule: ContentRule = {
  kind: 'content',
  id: 'signalwire-personal-access-token',
  severity: 'error',
  precision: 'high',
  message: 'Hard-coded SignalWire personal access token',
  description:
    "A SignalWire personal access token (pat_…) is in the code. It is tied to your SignalWire user, not to a project, and is used to download from SignalWire's FreeSWITCH package repository; anyone holding it can act as you there.",
  keywords: ['pat_'],
  envVar: 'SIGNALWIRE_TOKEN',
  fix: () =>
    `Pass the token at build or install time instead: a Docker build secret (RUN --mount=type=secret,id=signalwire_token), a CI secret, or an apt auth.conf file that is not in the repository (chmod 600). ${REVOKE_PAT} ${PURGE_HISTORY}.`,
  historyOnlyFix: `${REVOKE_PAT} ${PURGE_IF_SHARED}.`,
  detect,
  examples: {
    positive: [
      {
        path: 'group_vars/freeswitch.yml',
        text: 'signalwire_pat: "pat_hpOPbGm8UGRC3oa67oJJa1Tg"',
        line: 1,
        column: 18,
        secret: 'pat_hpOPbGm8UGRC3oa67oJJa1Tg',
      },
      {
        path: 'Dockerfile',
        text: 'RUN echo "machine freeswitch.signalwire.com login signalwire password pat_Aj90rhXrxxzkywU0FaYTmdkd" > /etc/apt/auth.conf.d/freeswitch.conf',
        line: 1,
        column: 71,
        secret: 'pat_Aj90rhXrxxzkywU0FaYTmdkd',
      },
      {
        path: 'install.sh',
        text: 'wget --http-user=signalwire --http-password=pat_KpF57PbIZI8KYjtv8MVi7mHu https://freeswitch.signalwire.com/repo/deb/debian-release/signalwire-freeswitch-repo.gpg',
        line: 1,
        column: 45,
        secret: 'pat_KpF57PbIZI8KYjtv8MVi7mHu',
      },
    ],
    negative: [
      { path: 'install.sh', text: 'TOKEN=pat_xxxxxxxxxxxxxxxxxxxxxxxx' },
      { path: '.env.example', text: 'SIGNALWIRE_TOKEN=pat_your_signalwire_token_here' },
      { path: 'regex.py', text: 'pat_matcher = re.compile(r"x"); pat_len = 3' },
      {
        path: '.github/workflows/image.yml',
        text: '      - run: echo "machine freeswitch.signalwire.com login signalwire password $SIGNALWIRE_PAT" > auth.conf\n      - run: git clone https://x-access-token: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@github.com/acme/fs-config.git\n',
        why: "GitHub's fine-grained token (github_pat_…) in a workflow that also uses SignalWire's repository",
      },
      { path: 'embed.html', text: '<call-widget token="c2c_db62302ecbd325ddc8faa8934c2906d6"></call-widget>', why: 'click-to-call embed tokens are public' },
    ],
  },
};

export default rule;
