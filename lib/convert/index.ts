export { ChangedInput, convertText, type ConvertedText, type PlacedNote } from "./convert-text";
export type { ConvertNote } from "./notes";
