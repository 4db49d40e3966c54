/**
 * Ids the engine hands out: a letter and a serial number zero-padded to a width (O0000042,
 * P0000007, X0000001). Made on the path every order takes, so from the padded prefixes,
 * built once: one number-to-string and one concatenation per id, not three strings.
 */
export function serialIds(letter: string, width: number): (n: number) => string {
  const prefixes = Array.from({ length: width + 1 }, (_, pad) => letter + '0'.repeat(pad));
  return (n) => {
    const digits = String(n);
    const pad = width - digits.length;
    return pad > 0 ? prefixes[pad] + digits : letter + digits;
  };
}
