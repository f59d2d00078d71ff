// A question asked once per key and then remembered: the engine's keyword searches, the
// documentation step's judgement of each file a run's findings name.

/**
 * `answer` asked once per key. The engine's case-sensitive keywords of three rules include `PT`,
 * and in a file without it each search reads the whole file (five searches instead of three were
 * 0.05 s of each worker's 3 s on the bench tree); a run's findings name the same files again and again.
 */
export function onceEach(answer: (key: string) => boolean): (key: string) => boolean {
  const answers = new Map<string, boolean>();
  return (key) => {
    let hit = answers.get(key);
    if (hit === undefined) answers.set(key, (hit = answer(key)));
    return hit;
  };
}
