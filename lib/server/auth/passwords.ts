import "server-only";
import bcrypt from "bcryptjs";

// bcrypt cost 12 takes ~250 ms here: slow enough to resist guessing, fast enough for sign-in.
// Tests lower it through ASSAY_BCRYPT_COST to keep the suite quick.
const cost = () => Number(process.env.ASSAY_BCRYPT_COST ?? 12);

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, cost());
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

export const PASSWORD_MIN_LENGTH = 10;

let dummy: Promise<string> | undefined;
/** A real hash of a random string, compared against when no user matches, to keep timing even. */
export function dummyPasswordHash(): Promise<string> {
  dummy ??= hashPassword(crypto.randomUUID());
  return dummy;
}
