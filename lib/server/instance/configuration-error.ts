/**
 * A setting the operator got wrong (an environment variable): `npm start` prints its message as one
 * line and exits, because a stack trace points at our code when the fix is in their configuration.
 */
import "server-only";
export class ConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigurationError";
  }
}
