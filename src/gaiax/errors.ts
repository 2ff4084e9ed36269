// User-facing errors of the Gaia-X flow: one line naming the cause and the fix (the CLI prints them as they are).
export class GaiaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
