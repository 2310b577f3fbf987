// Password rules shared by forms (client bundles) and the server: no Argon2 import here.
export const MIN_PASSWORD_LENGTH = 12;
/** Argon2 would hash anything, but a megabyte "password" is a denial of service. */
export const MAX_PASSWORD_LENGTH = 200;
