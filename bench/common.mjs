// Shared by the bench scripts: a seeded random generator, a vocabulary for synthetic code, and
// `--key value` / `--key=value` / `--flag` argument parsing.
// seeded generators live beside the fixtures, shared with the tests (which never import bench/)
export { rng, seededHex } from '../fixtures/seeded.mjs';

export const WORDS = (
  'account address agent alert amount answer api area audio batch billing buffer cache call caller ' +
  'campaign channel client config connect context conversation count customer data delay device dial digit ' +
  'duration endpoint error event fallback fetch filter flow forward gateway greeting handler header hold inbound ' +
  'item job key label language limit line list listener log member menu message metric mode notify number ' +
  'option order outbound page params payload phone prompt queue queueing record region reply request response ' +
  'result retry room route rule schedule session settings signal size speech status step stream task team ' +
  'template timeout timer token transfer trigger user value voice voicemail webhook worker zone'
).split(' ');

/** `--key value`, `--key=value` and bare `--flag` (true). */
export function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) continue;
    const [k, v] = a.slice(2).split('=');
    if (v !== undefined) out[k] = v;
    else if (argv[i + 1] && !argv[i + 1].startsWith('--')) out[k] = argv[++i];
    else out[k] = true;
  }
  return out;
}
