/**
 * One connection's turn, taken by one caller at a time, first come first served. Unlike a
 * general mutex (async-mutex's `runExclusive` hops through several promises before the work
 * starts), a free turn runs the work at once, in the caller's own tick: the SQLite
 * repositories' calls are synchronous statements, and about a hundred of them serve each
 * delivery, so the hops were a measurable share of the worker's CPU. The turn is held until
 * the work's promise settles, so work that does await still keeps every other caller out.
 */
export class Turn {
  private held = false;
  private readonly waiting: Array<() => void> = [];

  run<T>(work: () => Promise<T>): Promise<T> {
    if (!this.held) {
      this.held = true;
      return this.hold(work);
    }
    return new Promise<void>((resolve) => this.waiting.push(resolve)).then(() => this.hold(work));
  }

  /** Runs `work` with the turn already taken, and hands it on once the work settles. */
  private hold<T>(work: () => Promise<T>): Promise<T> {
    let running: Promise<T>;
    try {
      running = work();
    } catch (error) {
      this.handOn();
      return Promise.reject(error);
    }
    return running.then(
      (value) => {
        this.handOn();
        return value;
      },
      (error: unknown) => {
        this.handOn();
        throw error;
      },
    );
  }

  /** The next caller in line gets the turn as it is (still held); with nobody waiting it is free. */
  private handOn(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.held = false;
  }
}
