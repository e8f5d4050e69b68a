/** One playground page: a hash route with a title and a render function. */
export interface Page {
  /** Hash route, e.g. "signup" for `#/signup`. */
  path: string;
  title: string;
  /** One sentence shown under the title. */
  summary: string;
  render(container: HTMLElement): void;
}
