// A .env file whose every value is encrypted, as the tools that are made to commit .env files
// write one: sops (`KEY=ENC[AES256_GCM,data:…,iv:…,tag:…,type:str]` and its `sops_…` metadata
// keys) and dotenvx (`KEY="encrypted:…"` under a `DOTENV_PUBLIC_KEY`). Such a file holds no
// credential, so committing it is that workflow, not a leak. Judged on the content alone: one
// value in clear, one line that is not an assignment, or no tool's marker, and it is a .env file
// like any other.

const ASSIGNMENT = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/;
const SOPS_VALUE = /^ENC\[AES256_GCM,data:[A-Za-z0-9+/=]*,iv:[A-Za-z0-9+/=]+,tag:[A-Za-z0-9+/=]+,type:[a-z]+\]$/;
const DOTENVX_VALUE = /^encrypted:[A-Za-z0-9+/=]+$/;
/** keys the tools write beside the values: sops' metadata, dotenvx's public key (public by design) */
const SOPS_METADATA = /^sops_/;
const DOTENVX_PUBLIC_KEY = /^DOTENV_PUBLIC_KEY(?:_[A-Z0-9_]+)?$/;
/** the most lines judged: an encrypted .env is short, and a long text is read no further */
const MAX_LINES = 5000;

export function isSealedDotenv(text: string): boolean {
  const lines = text.split(/\r?\n|\r/);
  if (lines.length > MAX_LINES) return false;
  let sops = false;
  let dotenvx = false;
  let encrypted = 0;
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = ASSIGNMENT.exec(line);
    if (!m) return false;
    const key = m[1]!;
    const value = unquote(m[2]!.trim());
    if (SOPS_METADATA.test(key)) {
      if (key === 'sops_mac' || key === 'sops_version') sops = true;
      continue;
    }
    if (DOTENVX_PUBLIC_KEY.test(key)) {
      dotenvx = true;
      continue;
    }
    if (value === '') continue;
    if (!SOPS_VALUE.test(value) && !DOTENVX_VALUE.test(value)) return false;
    encrypted++;
  }
  return encrypted > 0 && (sops || dotenvx);
}

function unquote(v: string): string {
  const q = v[0];
  return (q === '"' || q === "'") && v.length >= 2 && v[v.length - 1] === q ? v.slice(1, -1) : v;
}
