// A syntax error in filter or path text. parseFilter/parsePath turn it into a ScimError
// (invalidFilter / invalidPath) so the same parser serves both without knowing which.

export class FilterSyntaxError extends Error {
  /** `position` is 1-based, as an admin counts characters; it is already in the message. */
  constructor(message: string, readonly position: number) {
    super(message);
    this.name = 'FilterSyntaxError';
  }
}
