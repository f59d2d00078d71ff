// Answers the completion scripts' `swlint --get-yargs-completions swlint WORD… CURRENT` call
// (`swlint completion bash|zsh`) from the command table, so that what completes is what the
// command line takes: every command's options, `--no-…` negations, an option's choices. yargs'
// own answer left out the default command's options (`swlint --fo`) and offered `--f` for `-f`.
import { COMMANDS, META_COMMANDS, OPTIONS, choicesFor, isCommand, optionsFor, type CommandName } from '../args.js';

const ALL_COMMANDS = [...Object.keys(COMMANDS), ...Object.keys(META_COMMANDS)];

/** Positional words some commands take, beyond paths. */
const POSITIONAL_WORDS: Record<string, readonly string[]> = {
  hook: ['install', 'uninstall', 'test'],
  completion: ['bash', 'zsh'],
  help: ALL_COMMANDS,
};

/** `words`: what follows the program name, the word being completed last (possibly empty). One candidate a line. */
export async function completions(words: readonly string[]): Promise<string> {
  const current = words.at(-1) ?? '';
  const before = words.slice(0, -1);
  const first = before.find((w) => !w.startsWith('-'));
  const command: CommandName = first !== undefined && isCommand(first) ? first : 'scan';
  const out = (list: readonly string[]) => {
    const matching = list.filter((c) => c.startsWith(current));
    return matching.length ? matching.join('\n') + '\n' : '';
  };
  // the value of an option: its choices, else nothing (the shell completes file names)
  const prev = before.at(-1) ?? '';
  const prevName = prev.startsWith('--')
    ? prev.slice(2)
    : /^-[A-Za-z]$/.test(prev)
      ? Object.entries(OPTIONS).find(([, s]) => s.short === prev[1])?.[0]
      : undefined;
  const prevSpec = prevName !== undefined && Object.hasOwn(OPTIONS, prevName) ? OPTIONS[prevName]! : undefined;
  if (prevSpec?.type === 'string') {
    if (prevName === 'rule' || prevName === 'disable') return out((await import('../../rules/index.js')).RULES.map((r) => r.id));
    return out(choicesFor(prevName!, command) ?? []);
  }
  if (current.startsWith('-')) return out(optionsFor(command).flatMap(([name, spec]) => [`--${name}`, ...(spec.negatable ? [`--no-${name}`] : [])]));
  if (first === undefined) return out(ALL_COMMANDS);
  if (before.filter((w) => !w.startsWith('-')).length === 1 && Object.hasOwn(POSITIONAL_WORDS, first)) return out(POSITIONAL_WORDS[first]!);
  // paths, refs: the shell's own completion
  return '';
}
