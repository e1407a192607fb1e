/** The time as the service sees it; tests and the demo move it by hand. */
export interface Clock {
  now(): Date;
}
