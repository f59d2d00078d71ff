// A repository whose history holds credentials in every guise the inventory must group:
// one token in a .env file and inside a base64 Basic header, a token added then removed, one
// in a browser-exposed variable, one in a Dockerfile. Values are synthetic, made per call.
import { TestRepo } from './git-repo.js';
import { fakeProjectId, fakeToken } from './secrets.js';

const basic = (project: string, token: string) => Buffer.from(`${project}:${token}`).toString('base64');

/** A history with one token in four guises, one removed token, one in a browser bundle, one in a Dockerfile. */
export function fixtureRepo() {
  const repo = TestRepo.create();
  const project = fakeProjectId();
  const [shared, removed, bundled, docker] = [fakeToken(), fakeToken(), fakeToken(), fakeToken()];
  repo.write('README.md', '# app\n').commit('Initial commit');
  const first = repo
    .write('config/signalwire.env', `SIGNALWIRE_SPACE_URL=northwind-labs.signalwire.com\nSIGNALWIRE_PROJECT_ID=${project}\nSIGNALWIRE_API_TOKEN=${shared}\n`)
    .commit('Add SignalWire config');
  repo
    .write('src/client.js', `// calls the REST API\nconst headers = { Authorization: 'Basic ${basic(project, shared)}' };\nmodule.exports = headers;\n`)
    .commit('Add REST client');
  repo.write('scripts/try.py', `signalwire_token = "${removed}"\n`).commit('Try script');
  repo.remove('scripts/try.py').commit('Remove try script');
  repo.write('web/.env.local', `NEXT_PUBLIC_SIGNALWIRE_TOKEN=${bundled}\n`).commit('Frontend env');
  repo.write('Dockerfile', `FROM node:20\nENV SIGNALWIRE_API_TOKEN=${docker}\n`).commit('Dockerfile');
  return { repo, project, shared, removed, bundled, docker, first };
}
