/**
 * A quoted integer as protojson reads it. protojson decodes the text of a quoted integer as one
 * JSON number, with nothing around it (google.golang.org/protobuf encoding/protojson decode.go,
 * unmarshalInt and unmarshalUint), and takes any number whose value is whole: a fraction of
 * zeros, or an exponent that shifts the fraction in ("2.0" is 2, "1e3" is 1000, "25e-1" is not an
 * integer; internal/encoding/json decode_number.go, parseNumberParts and normalizeToIntString,
 * which give up past 20 digits).
 */

/** JSON's number grammar (RFC 8259), in parts: sign, integer part, fraction, exponent. */
const JSON_NUMBER = /^(-?)(0|[1-9]\d*)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/** More digits than any 64-bit integer has: protojson gives up on such a number. */
const MAX_DIGITS = 20;

/**
 * The whole number a quoted JSON number stands for, as decimal digits with an optional '-';
 * undefined when the text is no JSON number or its value is not whole.
 */
export function quotedIntegerDigits(text: string): string | undefined {
  const parts = JSON_NUMBER.exec(text);
  if (!parts) return undefined;
  const [, sign, integer, fraction = "", exponentText = "0"] = parts;
  const exponent = Number(exponentText);
  if (!Number.isSafeInteger(exponent)) return undefined;
  const significant = fraction.replace(/0+$/, "");
  const intDigits = integer === "0" ? "" : integer;
  // Zero is zero whatever its exponent.
  if (intDigits === "" && significant === "") return "0";
  let digits: string;
  if (exponent >= 0) {
    if (significant.length > exponent || intDigits.length + exponent > MAX_DIGITS) return undefined;
    digits = intDigits + significant + "0".repeat(exponent - significant.length);
  } else {
    // Shifting right: only zeros may go, and no fraction may be left.
    const keep = intDigits.length + exponent;
    if (significant.length > 0 || keep < 0 || /[^0]/.test(intDigits.slice(keep))) return undefined;
    digits = intDigits.slice(0, keep);
  }
  const whole = digits.replace(/^0+/, "") || "0";
  return whole === "0" ? "0" : `${sign}${whole}`;
}

/**
 * The digits of an integer written as a string: a string of digits (as this tool has always read
 * one), or a JSON number whose value is whole, as protojson reads it.
 */
export function integerStringDigits(text: string, signed: boolean): string | undefined {
  if ((signed ? /^-?\d+$/ : /^\d+$/).test(text)) return text;
  const digits = quotedIntegerDigits(text);
  return digits !== undefined && (signed || !digits.startsWith("-")) ? digits : undefined;
}
